import { assertConfigTrusted } from '../../awsconfig/config-trust.js';
import { withConfigLock } from '../../awsconfig/file.js';
import { displayPath } from '../../awsconfig/problems.js';
import type { AwsConfig } from '../../awsconfig/resolve.js';
import { NotLoggedInError, UsageError } from '../../core/errors.js';
import { awsidHint, loginHint } from '../../core/hints.js';
import { currentUid } from '../../platform/current-process.js';
import { canPrompt } from '../../platform/io.js';
import { createLinePrompt, type Prompt } from '../../platform/prompt.js';
import { parseTemplate } from '../../populate/template.js';
import { createTokenService } from '../../sso/token-service.js';
import type { Context } from '../context.js';
import { DEFAULT_SCOPES } from '../../awsconfig/session-config.js';
import { readConfigOrThrow } from '../select-session.js';
import { runLogin } from './login-run.js';
import { runPopulate } from './populate-run.js';
import type { SetupOptions } from './setup.js';
import { upsertSsoSession, type SessionValues } from './setup-config.js';
import {
  checkRegion,
  checkScopes,
  checkSessionName,
  checkStartUrl,
  splitScopes,
  type Check,
} from './setup-validate.js';
import { ssoDeps } from '../../sso/sso-deps.js';

export interface SetupDeps {
  /** Answers the questions; default a line prompt on the terminal (only when there is one). */
  prompt?: Prompt;
}

type Field = 'ssoSession' | 'startUrl' | 'region' | 'scopes';

const FIELDS: Record<Field, { flag: string; question: string; check: (v: string) => Check }> = {
  ssoSession: { flag: '--sso-session', question: 'SSO session name', check: checkSessionName },
  startUrl: { flag: '--start-url', question: 'SSO start URL', check: checkStartUrl },
  region: { flag: '--region', question: 'SSO region', check: checkRegion },
  scopes: { flag: '--scopes', question: 'SSO registration scopes', check: checkScopes },
};

const EXAMPLE =
  'awsid setup --sso-session corp --start-url https://d-1234567890.awsapps.com/start --region us-east-1';
const MAX_TRIES = 3;

/** A flag's value, or the answer to a question (asked again while it fails its check). */
async function value(
  field: Field,
  flagValue: string | undefined,
  fallback: string | undefined,
  prompt: Prompt | undefined,
  warn: (w: string) => void,
): Promise<string | undefined> {
  const { flag, question, check } = FIELDS[field];
  if (flagValue !== undefined || !prompt) {
    const v = flagValue ?? fallback;
    if (v === undefined) return undefined;
    const c = check(v);
    if (c.error) throw new UsageError(`${flag}: ${c.error}`, { hint: EXAMPLE });
    c.warnings.forEach(warn);
    return v;
  }
  for (let i = 0; ; i++) {
    const v = await prompt.ask(question, fallback);
    const c = v === '' ? { error: 'a value is needed', warnings: [] } : check(v);
    if (!c.error) {
      c.warnings.forEach(warn);
      return v;
    }
    if (i + 1 >= MAX_TRIES) throw new UsageError(`${flag}: ${c.error}`, { hint: EXAMPLE });
    warn(c.error);
  }
}

async function collect(
  opts: SetupOptions,
  cfg: AwsConfig,
  prompt: Prompt | undefined,
  warn: (w: string) => void,
): Promise<{ name: string; values: SessionValues }> {
  const only = cfg.ssoSessions.size === 1 ? [...cfg.ssoSessions.keys()][0] : undefined;
  const name = await value('ssoSession', opts.ssoSession, prompt && only, prompt, warn);
  const existing = name === undefined ? undefined : cfg.ssoSessions.get(name);
  const startUrl = await value('startUrl', opts.startUrl, existing?.startUrl, prompt, warn);
  const region = await value('region', opts.region, existing?.region, prompt, warn);
  const scopesDefault = existing?.registrationScopes.length
    ? existing.registrationScopes.join(',')
    : DEFAULT_SCOPES.join(',');
  const scopes = await value('scopes', opts.scopes, scopesDefault, prompt, warn);
  const missing = Object.entries({ ssoSession: name, startUrl, region })
    .filter(([, v]) => v === undefined)
    .map(([k]) => FIELDS[k as Field].flag);
  if (name === undefined || startUrl === undefined || region === undefined || !scopes) {
    throw new UsageError(`missing ${missing.join(', ')} (there is no terminal to ask)`, {
      hint: EXAMPLE,
    });
  }
  return { name, values: { startUrl, region, scopes: splitScopes(scopes) } };
}

async function loggedIn(ctx: Context, name: string, startUrl: string): Promise<boolean> {
  const store = await ctx.store();
  const stored = (await store.read()).sessions[name];
  if (!stored?.token || stored.startUrl !== startUrl) return false;
  try {
    await createTokenService({ store, ...ssoDeps(ctx), clock: ctx.clock }).getAccessToken(name);
    return true;
  } catch (e) {
    if (e instanceof NotLoggedInError) return false;
    throw e;
  }
}

export async function runSetup(
  opts: SetupOptions,
  ctx: Context,
  deps: SetupDeps = {},
): Promise<number> {
  if (opts.template !== undefined) parseTemplate(opts.template);
  await assertConfigTrusted(ctx.paths.awsConfigFile, { uid: currentUid(), home: ctx.paths.home });
  const cfg = await readConfigOrThrow(ctx);
  const prompt = deps.prompt ?? (canPrompt(ctx.io) ? createLinePrompt(ctx.io) : undefined);
  const err = (line: string) => ctx.io.stderr.write(`${line}\n`);
  let collected: { name: string; values: SessionValues };
  try {
    collected = await collect(opts, cfg, prompt, (w) => err(`awsid: warning: ${w}`));
  } finally {
    if (!deps.prompt) prompt?.close();
  }
  const { name, values } = collected;
  const shown = displayPath(ctx.paths.awsConfigFile, ctx.paths.home);
  const saved = await withConfigLock(
    ctx.paths.awsConfigFile,
    (text) => upsertSsoSession(text, name, values),
    { home: ctx.paths.home },
  );
  err(
    saved.changed
      ? `Wrote [sso-session ${name}] to ${shown}.`
      : `[sso-session ${name}] in ${shown} is up to date.`,
  );
  if (!opts.login) {
    err(`Next: ${loginHint(name)}, then ${awsidHint('populate', '--sso-session', name)}`);
    return 0;
  }
  if (!saved.changed && (await loggedIn(ctx, name, values.startUrl))) {
    err(`sso-session '${name}' is already logged in.`);
  } else {
    const code = await runLogin(
      {
        ssoSession: name,
        profile: undefined,
        browser: opts.browser,
        useDeviceCode: opts.useDeviceCode,
      },
      ctx,
    );
    if (code !== 0) return code;
  }
  return runPopulate(
    {
      ssoSession: name,
      template: opts.template,
      region: undefined,
      prune: opts.prune,
      dryRun: false,
      autoLogin: false,
      browser: opts.browser,
    },
    ctx,
  );
}
