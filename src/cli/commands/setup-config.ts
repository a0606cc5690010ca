import { parseConfigDocument } from '../../awsconfig/document.js';
import { setKeyIn } from '../../awsconfig/edit-keys.js';
import { appendSection } from '../../awsconfig/edit-section.js';
import { validateAddress, validateValue } from '../../awsconfig/edit-validate.js';
import { LineEdits } from '../../awsconfig/line-edits.js';
import { resolveConfig } from '../../awsconfig/resolve.js';
import { findSections } from '../../awsconfig/section-match.js';
import { splitScopes } from './setup-validate.js';

export interface SessionValues {
  startUrl: string;
  region: string;
  scopes: string[];
}

/**
 * The config text with `[sso-session NAME]` holding these values. An existing section is edited
 * key by key, in place, and only where the value differs; a new one goes at the end of the file
 * (after a blank line), keeping whether the file ends with a newline.
 */
export function upsertSsoSession(text: string, name: string, v: SessionValues): string {
  const address = { kind: 'sso-session', name } as const;
  const entries: Array<[string, string]> = [
    ['sso_start_url', v.startUrl],
    ['sso_region', v.region],
    ['sso_registration_scopes', v.scopes.join(',')],
  ];
  const edits = new LineEdits(parseConfigDocument(text));
  const sections = findSections(edits.doc, address);
  if (sections.length === 0) {
    validateAddress(address);
    for (const [k, value] of entries) validateValue(k, value);
    appendSection(edits, address, entries);
    return edits.apply();
  }
  const current = resolveConfig(text, '').ssoSessions.get(name)?.values ?? {};
  const same = (k: string, value: string): boolean =>
    k === 'sso_registration_scopes'
      ? splitScopes(current[k] ?? '').join(',') === value
      : current[k] === value;
  for (const [k, value] of entries) if (!same(k, value)) setKeyIn(edits, sections, k, value);
  return edits.changed ? edits.apply() : text;
}
