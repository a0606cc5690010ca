import { destinationFor } from '../../console/destination.js';
import { partitionOf } from '../../console/partition.js';
import { federationEndpoint, getSigninToken, loginUrl } from '../../console/signin.js';
import { LoginTimeoutError, UsageError } from '../../core/errors.js';
import { unknownRegionWarning } from '../../core/region.js';
import { serveOneShotRedirect } from '../../platform/one-shot-redirect.js';
import { httpDeadlines } from '../../sso/http-deadline.js';
import { awsidHint } from '../../core/hints.js';
import { terminalSafe } from '../../core/terminal-text.js';
import type { Context } from '../context.js';
import { type ResolvedRole, resolveRole } from '../resolve-role.js';
import { roleCredentials } from '../role-credentials.js';
import { sessionConfig } from '../../awsconfig/session-config.js';
import { readConfigOrThrow } from '../select-session.js';
import type { ConsoleOptions } from './console.js';

/** The role flags of this invocation, for hints that repeat the command with one change. */
function roleArgs(opts: ConsoleOptions, role: ResolvedRole): string[] {
  if (opts.profile) return ['--profile', opts.profile];
  return [
    '--sso-session',
    role.ssoSession,
    '--account-id',
    role.accountId,
    '--role-name',
    role.roleName,
  ];
}

/** How long the one-shot page waits for the browser to come and take the sign-in URL. */
export const CONSOLE_PAGE_TTL_MS = 30_000;

/**
 * The sign-in URL is a bearer credential: it goes to stdout only with --url, otherwise only to the
 * browser, and never through a command line (the opener's argv is readable by every local user):
 * the browser is sent to a one-shot 127.0.0.1 page that redirects to it once
 * (src/platform/one-shot-redirect.ts). Debug lines name the endpoint host, never the URL or the
 * token.
 */
export async function runConsole(opts: ConsoleOptions, ctx: Context): Promise<number> {
  // Flags and config are checked before any credentials are fetched.
  const role = await resolveRole(ctx, opts, 'console');
  const session = sessionConfig(await readConfigOrThrow(ctx), role.ssoSession);
  const partition = partitionOf(session.region);
  const retry = (...flags: string[]) => awsidHint('console', ...roleArgs(opts, role), ...flags);
  const destination = destinationFor(
    {
      region: opts.region ?? role.region ?? session.region,
      service: opts.service,
      destination: opts.destination,
    },
    partition,
    retry,
  );
  const unknown = opts.region && unknownRegionWarning('--region', opts.region);
  if (unknown) ctx.io.stderr.write(`awsid: warning: ${terminalSafe(unknown)}\n`);
  const endpoint = federationEndpoint(ctx.env, partition);
  const { creds, debug } = await roleCredentials(ctx, opts, 'console');
  debug(`console: sign-in token from ${endpoint.host}`);
  const url = loginUrl(
    endpoint,
    destination,
    await getSigninToken(endpoint, creds, httpDeadlines(ctx.env).requestMs),
  );
  if (opts.url) {
    ctx.io.stdout.write(`${url}\n`);
    return 0;
  }
  const page = await serveOneShotRedirect(url, { prefix: 'c', ttlMs: CONSOLE_PAGE_TTL_MS });
  try {
    if (!(await ctx.browser.open(page.url))) {
      throw new UsageError('no browser to open the console in here', {
        hint: `${retry('--url')}   (prints the sign-in URL; it signs anyone in for 15 minutes)`,
      });
    }
    if (!(await page.taken)) {
      throw new LoginTimeoutError(
        `the browser did not come for the console sign-in page within ${CONSOLE_PAGE_TTL_MS / 1000} s`,
        { hint: `${retry('--url')}   (prints the sign-in URL to paste into a browser)` },
      );
    }
  } finally {
    await page.close();
  }
  const who = terminalSafe(`${role.roleName} in ${role.accountId}`);
  ctx.io.stderr.write(`awsid: opened the console as ${who}\n`);
  return 0;
}
