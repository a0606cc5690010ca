import { parseConfigDocument, serialize } from '../awsconfig/document.js';
import { setKey } from '../awsconfig/edit.js';
import type { AwsConfig } from '../awsconfig/resolve.js';
import { AwsidError, ConfigError } from '../core/errors.js';
import { awsidHint } from '../core/hints.js';
import { terminalSafe } from '../core/terminal-text.js';
import { DEFAULT_TEMPLATE, parseTemplate, type ProfileTemplate } from './template.js';

/*
 * The `--template` a populate (or setup) was given, kept in its `[sso-session]` so the next plain
 * `awsid populate` writes the same names instead of a second set. A key neither SDK reads (both
 * keep unknown keys and ignore them), like the profiles' `awsid_generated`.
 */
export const TEMPLATE_KEY = 'awsid_profile_template';

/** `--template`, else the one remembered for the session, else the default. */
export function templateFor(
  cfg: AwsConfig,
  session: string,
  flag: string | undefined,
): ProfileTemplate {
  if (flag !== undefined) return parseTemplate(flag);
  const s = cfg.ssoSessions.get(session);
  const kept = s?.values[TEMPLATE_KEY];
  if (kept === undefined) return parseTemplate(DEFAULT_TEMPLATE);
  try {
    return parseTemplate(kept);
  } catch (e) {
    if (!(e instanceof AwsidError)) throw e;
    const line = s?.keyLines?.[TEMPLATE_KEY] ?? s?.line;
    throw new ConfigError(
      `${TEMPLATE_KEY} in [sso-session ${session}] (line ${line} of ${cfg.path}): ${terminalSafe(e.message.replace(/^--template /, ''))}`,
      { hint: awsidHint('populate', '--sso-session', session, '--template', DEFAULT_TEMPLATE) },
    );
  }
}

/** The config text with the template remembered in `[sso-session NAME]` (the config editor). */
export function rememberTemplate(text: string, session: string, template: string): string {
  const doc = parseConfigDocument(text);
  const edited = setKey(doc, { kind: 'sso-session', name: session }, TEMPLATE_KEY, template);
  return edited === doc ? text : serialize(edited);
}
