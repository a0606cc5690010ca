/**
 * env-overrides-profile and env-endpoint-override: variables that change which credentials or
 * endpoints every tool uses (docs/protocol.md, "Config files and profile selection", "Endpoint
 * overrides"). Values of key variables are never shown.
 */
import { shellQuote } from '../../core/shell-quote.js';
import type { CheckContext } from '../facts.js';
import { fail, nameList, ok, warn } from '../result.js';
import type { Check, CheckResult } from '../types.js';

const SUBJECT = 'environment';

async function profileExists(ctx: CheckContext, name: string): Promise<boolean> {
  const cfg = await ctx.facts.config();
  const creds = await ctx.facts.credentials();
  return cfg.profiles.has(name) || creds.sections.some((s) => s.name === name);
}

function keyVariables(env: CheckContext['env']): CheckResult[] {
  const id = env.AWS_ACCESS_KEY_ID;
  const secret = env.AWS_SECRET_ACCESS_KEY;
  const token = env.AWS_SESSION_TOKEN;
  const set = [
    id && 'AWS_ACCESS_KEY_ID',
    secret && 'AWS_SECRET_ACCESS_KEY',
    token && 'AWS_SESSION_TOKEN',
  ].filter((x): x is string => typeof x === 'string');
  if (set.length === 0) return [];
  const unset = `unset ${set.join(' ')}`;
  if (id && secret) {
    return [
      warn(
        'env-overrides-profile',
        SUBJECT,
        `${nameList(set)} are set: the AWS CLI uses them instead of AWS_PROFILE and every profile (unless --profile is given); the JS SDK ignores them only when AWS_PROFILE is set`,
        `${unset}   (unless you set them on purpose, e.g. inside awsid exec)`,
      ),
    ];
  }
  return [
    warn(
      'env-overrides-profile',
      SUBJECT,
      `${nameList(set)} ${set.length === 1 ? 'is' : 'are'} set without the rest of a key pair: left over from an earlier session?`,
      unset,
    ),
  ];
}

async function profileVariables(ctx: CheckContext): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  const { AWS_PROFILE: profile, AWS_DEFAULT_PROFILE: legacy } = ctx.env;
  const cfg = await ctx.facts.config();
  const known = [...cfg.profiles.keys()];
  const list = known.length ? ` (profiles: ${nameList(known, 5)})` : '';
  for (const [variable, value] of [
    ['AWS_PROFILE', profile],
    ['AWS_DEFAULT_PROFILE', legacy],
  ] as const) {
    if (!value || (await profileExists(ctx, value))) continue;
    out.push(
      fail(
        'env-overrides-profile',
        SUBJECT,
        `${variable}=${value} names a profile that is in neither ${ctx.facts.show(cfg.path)} nor ${ctx.facts.show(ctx.paths.awsCredentialsFile)}: every tool fails with "The config profile (${value}) could not be found"${list}`,
        known[0] !== undefined
          ? `export ${variable}=${shellQuote(known[0])}   (or: unset ${variable})`
          : `unset ${variable}`,
      ),
    );
  }
  if (profile && legacy && profile !== legacy) {
    out.push(
      warn(
        'env-overrides-profile',
        SUBJECT,
        `AWS_DEFAULT_PROFILE=${legacy} and AWS_PROFILE=${profile}: the AWS CLI uses ${legacy}, the JS SDK ${profile}`,
        'unset AWS_DEFAULT_PROFILE',
      ),
    );
  }
  return out;
}

function endpointVariables(env: CheckContext['env']): CheckResult[] {
  return ['AWS_ENDPOINT_URL_SSO_OIDC', 'AWS_ENDPOINT_URL_SSO', 'AWS_ENDPOINT_URL']
    .filter((v) => env[v])
    .map((v) =>
      warn(
        'env-endpoint-override',
        SUBJECT,
        `${v}=${env[v]} sends ${v === 'AWS_ENDPOINT_URL' ? 'every AWS call' : 'SSO calls'} there instead of AWS (fine for tests, wrong if left over)`,
        `unset ${v}`,
      ),
    );
}

export const envCheck: Check<CheckContext> = {
  id: 'env-overrides-profile',
  async run(ctx) {
    const out = [
      ...keyVariables(ctx.env),
      ...(await profileVariables(ctx)),
      ...endpointVariables(ctx.env),
    ];
    if (out.length === 0) {
      const p = ctx.env.AWS_PROFILE;
      out.push(
        ok(
          'env-overrides-profile',
          SUBJECT,
          p
            ? `AWS_PROFILE=${p}; no key or endpoint variable overrides the config`
            : 'no AWS_* variable overrides the config',
        ),
      );
    }
    return out;
  },
};
