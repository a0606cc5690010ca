/**
 * `awsid access`: lists the session's assignments with populate's paced listing, joins the usage
 * record (src/access/usage-file.ts) and the previous review's snapshot, saves this review's
 * snapshot, and prints the review. A report, not a check: exit 0 unless --fail-on-unused.
 */
import { buildReview, snapshotOf, type Review } from '../../access/review.js';
import { reviewCsv, reviewJson, reviewTable } from '../../access/review-format.js';
import {
  clearSnapshots,
  readSnapshot,
  reviewsFilePath,
  saveSnapshot,
} from '../../access/review-snapshot.js';
import { clearUsage, readUsage, usageFilePath } from '../../access/usage-file.js';
import { flushDaemonUsage } from '../../daemon/client/running-daemon.js';
import { daemonAddress } from '../../daemon/socket-path.js';
import { UsageError } from '../../core/errors.js';
import { awsidHint } from '../../core/hints.js';
import { terminalSafe } from '../../core/terminal-text.js';
import { createTokenService } from '../../sso/token-service.js';
import type { Context } from '../context.js';
import { pickSessionName, readConfigOrThrow, sessionConfig } from '../select-session.js';
import { ssoDeps } from '../sso-deps.js';
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

async function review(ctx: Context, opts: AccessOptions): Promise<Review> {
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
  const result = buildReview({
    ssoSession: name,
    now: ctx.clock.now(),
    unusedDays: opts.unusedDays,
    current: listing.assignments,
    usage: (await readUsage(usageFilePath(ctx.paths))).entries,
    previous: await readSnapshot(reviews, name),
  });
  await saveSnapshot(reviews, ctx.clock, snapshotOf(result));
  return result;
}

export async function runAccess(opts: AccessOptions, ctx: Context): Promise<number> {
  if (!Number.isInteger(opts.unusedDays) || opts.unusedDays < 0) {
    throw new UsageError(`--unused-days must be a whole number of days, 0 or more`, {
      hint: awsidHint('access', '--unused-days', '90'),
    });
  }
  if (opts.forget) return forget(ctx, opts.ssoSession);
  const result = await review(ctx, opts);
  const text =
    opts.format === 'json'
      ? reviewJson(result)
      : opts.format === 'csv'
        ? reviewCsv(result)
        : reviewTable(result);
  ctx.io.stdout.write(text);
  const unused = result.assignments.some((r) => r.unused && r.change !== 'removed');
  return opts.failOnUnused && unused ? 1 : 0;
}
