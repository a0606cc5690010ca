/**
 * clock-skew: the local clock against the `Date` header of the OIDC endpoint the sign-in talks to
 * (the one src/sso/endpoint.ts configures, else `https://oidc.<region>.amazonaws.com`). Token expiry is judged by the local clock, and AWS signatures are refused
 * beyond 5 minutes of skew, so more than that fails.
 */
import { configuredEndpoint } from '../../sso/endpoint.js';
import type { CheckContext } from '../facts.js';
import { fail, ok, warn } from '../result.js';
import { REGION_RE } from '../start-url.js';
import type { Check } from '../types.js';

const ID = 'clock-skew';
const SUBJECT = 'clock';
export const MAX_SKEW_MS = 5 * 60_000;
const REQUEST_TIMEOUT_MS = 3_000;

async function endpoint(ctx: CheckContext): Promise<string | undefined> {
  const override = configuredEndpoint('SSO_OIDC', ctx.env);
  if (override) return override;
  const cfg = await ctx.facts.config();
  for (const s of cfg.ssoSessions.values()) {
    if (s.region && REGION_RE.test(s.region) && (await ctx.facts.sessionInScope(s.name))) {
      return `https://oidc.${s.region}.amazonaws.com/`;
    }
  }
  return undefined;
}

function describe(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  const text = s >= 120 ? `${Math.round(s / 60)} minutes` : `${s} s`;
  return `${text} ${ms > 0 ? 'ahead of' : 'behind'}`;
}

export const clockSkewCheck: Check<CheckContext> = {
  id: ID,
  async run(ctx) {
    if (ctx.offline) return [ok(ID, SUBJECT, 'not checked (--offline)')];
    const url = await endpoint(ctx);
    if (!url) return [ok(ID, SUBJECT, 'not checked: no sso-session with a valid sso_region')];
    const ac = new AbortController();
    const timer = ctx.wait(REQUEST_TIMEOUT_MS, ac.signal).then(
      () => ac.abort(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)),
      () => undefined,
    );
    let server: number | undefined;
    try {
      server = await ctx.fetchDate(url, ac.signal);
    } catch (e) {
      const why = ac.signal.aborted
        ? String((ac.signal.reason as Error).message)
        : (e as Error).message;
      return [
        warn(
          ID,
          SUBJECT,
          `could not reach ${url} to compare clocks (${why.split('\n')[0]}); sign-in needs that endpoint too`,
          'check the network, VPN or proxy; or run awsid doctor --offline',
        ),
      ];
    } finally {
      ac.abort();
      await timer;
    }
    if (server === undefined) {
      return [warn(ID, SUBJECT, `${url} answered without a Date header; clocks not compared`, '')];
    }
    // The header has 1 s resolution and arrives after a round trip: a few seconds mean nothing.
    const skew = ctx.clock.now() - server;
    if (Math.abs(skew) > MAX_SKEW_MS) {
      return [
        fail(
          ID,
          SUBJECT,
          `this computer's clock is ${describe(skew)} ${url}: AWS refuses requests signed more than 5 minutes off, and token expiry is judged wrongly`,
          'turn on automatic time (Linux: sudo timedatectl set-ntp true; macOS: System Settings > General > Date & Time)',
        ),
      ];
    }
    return [ok(ID, SUBJECT, `the clock agrees with ${url} (${describe(skew)}, within 5 minutes)`)];
  },
};
