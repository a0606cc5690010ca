/**
 * `awsid access`: lists the session's assignments with populate's paced listing, joins the usage
 * record (src/access/usage-file.ts) and a saved review (the latest, or the one closest to
 * --since), prints the review, and saves it only with --save, so a quick look never replaces
 * last quarter's baseline. A report, not a check: exit 0 unless --fail-on-unused.
 */
import { buildReview, snapshotOf, type Review } from '../../access/review.js';
import { reviewCsv, reviewJson, reviewTable } from '../../access/review-format.js';
import {
  clearSnapshots,
  pickSnapshot,
  readSnapshots,
  reviewsFilePath,
  saveSnapshot,
} from '../../access/review-snapshot.js';
import { clearUsage, readUsage, usageFilePath } from '../../access/usage-file.js';
import { observedSince } from '../../access/usage-record.js';
import { flushDaemonUsage } from '../../daemon/client/running-daemon.js';
import { daemonAddress } from '../../daemon/socket-path.js';
import { UsageError } from '../../core/errors.js';
import { awsidHint } from '../../core/hints.js';
import { shellQuote } from '../../core/shell-quote.js';
import { terminalSafe } from '../../core/terminal-text.js';
import { createTokenService } from '../../sso/token-service.js';
import type { Context } from '../context.js';
import { sessionConfig } from '../../awsconfig/session-config.js';
import { pickSessionName, readConfigOrThrow } from '../select-session.js';
import { ssoDeps } from '../../sso/sso-deps.js';
import type { AccessOptions } from './access.js';
import { accessToken, listSession } from './populate-run.js';

async function forget(ctx: Context, ssoSession: string | undefined): Promise<number> {
  await clearUsage(usageFilePath(ctx.paths), ctx.clock, ssoSession);
  await clearSnapshots(reviewsFilePath(ctx.paths), ctx.clock, ssoSession);
  const which =
    ssoSession === undefined ? 'every sso-session' : `sso-session '${terminalSafe(ssoSession)}'`;
  ctx.io.stderr.write(`awsid: forgot the usage record and review snapshots of ${which}\n`);
  return 0;
}

/** `--since YYYY-MM-DD` as epoch ms (UTC midnight); anything else is a usage error. */
export function parseSince(raw: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  // Date.UTC rolls 2026-02-30 over into March: a real date prints back as itself.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== raw) {
    throw new UsageError(`--since must be a date in the form YYYY-MM-DD, not ${shellQuote(raw)}`, {
      hint: awsidHint('access', '--since', '2026-01-31'),
    });
  }
  return ms;
}

async function review(ctx: Context, opts: AccessOptions, since?: number): Promise<Review> {
  const cfg = await readConfigOrThrow(ctx);
  // AWS_PROFILE is not a way to name the session here: it may point at any profile.
  const name = pickSessionName(cfg, { ssoSession: opts.ssoSession }, {}, 'access');
  const session = sessionConfig(cfg, name);
  const store = await ctx.store();
  const tokens = createTokenService({ store, ...ssoDeps(ctx), clock: ctx.clock });
  const noLogin = { autoLogin: false, browser: false };
  const token = await accessToken(ctx, tokens, noLogin, name, session.startUrl);
  const listing = await listSession(ctx, tokens, name, session.region, token);
  // Every use the daemon served before now is in the record, not only those of its last write.
  await flushDaemonUsage(daemonAddress(ctx.env, ctx.paths), ctx.version);
  const reviews = reviewsFilePath(ctx.paths);
  const usage = await readUsage(usageFilePath(ctx.paths));
  const result = buildReview({
    ssoSession: name,
    now: ctx.clock.now(),
    unusedDays: opts.unusedDays,
    current: listing.assignments,
    usage: usage.entries,
    observedSince: observedSince(usage, name),
    previous: pickSnapshot(await readSnapshots(reviews, name), since),
  });
  if (opts.save) await saveSnapshot(reviews, ctx.clock, snapshotOf(result));
  return result;
}

export async function runAccess(opts: AccessOptions, ctx: Context): Promise<number> {
  if (!Number.isInteger(opts.unusedDays) || opts.unusedDays < 0) {
    throw new UsageError(`--unused-days must be a whole number of days, 0 or more`, {
      hint: awsidHint('access', '--unused-days', '90'),
    });
  }
  const since = opts.since === undefined ? undefined : parseSince(opts.since);
  if (opts.forget) return forget(ctx, opts.ssoSession);
  const result = await review(ctx, opts, since);
  const text =
    opts.format === 'json'
      ? reviewJson(result)
      : opts.format === 'csv'
        ? reviewCsv(result)
        : reviewTable(result);
  ctx.io.stdout.write(text);
  const unused = result.assignments.some((r) => r.unused === true && r.change !== 'removed');
  return opts.failOnUnused && unused ? 1 : 0;
}
