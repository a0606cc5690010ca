/**
 * `awsid doctor` as a function of its context: run the checks, apply the safe fixes when asked
 * (each printed, then everything checked again), render, and return the exit code: 1 when
 * anything failed (a check, or a fix), else 0.
 */
import { terminalSafe } from '../core/terminal-text.js';
import { ALL_CHECKS } from './checks/index.js';
import type { CheckContext } from './facts.js';
import { toJson, toText } from './render.js';
import { DEFAULT_CHECK_TIMEOUT_MS, runChecks } from './runner.js';
import type { Check, CheckResult, DoctorContext, Repair } from './types.js';

export interface DoctorOptions {
  json: boolean;
  fix: boolean;
  /** Colours: only when stdout is a terminal. */
  color: boolean;
  checks?: readonly Check<CheckContext>[];
  timeoutMs?: number;
  /** Bound of each `--fix` repair (REPAIR_TIMEOUT_MS). */
  repairTimeoutMs?: number;
}

export interface DoctorOutput {
  /** The report. */
  out(text: string): void;
  /** What `--fix` does, as it does it (stderr, so `--json` stays parseable). */
  err(text: string): void;
}

/** A fix that neither finishes nor fails within this is reported as failed; the others still run. */
export const REPAIR_TIMEOUT_MS = 15_000;

/** The first line of what a failed fix threw, safe for the terminal. */
function reason(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return terminalSafe(text.split('\n')[0] || (e instanceof Error ? e.name : 'no reason given'));
}

/** Runs one repair, bounded in time; resolves with why it failed, or undefined. Never throws. */
async function attempt(repair: Repair, ctx: DoctorContext, timeoutMs: number) {
  const ac = new AbortController();
  const timedOut = ctx.wait(timeoutMs, ac.signal).then(
    () => `did not finish within ${timeoutMs / 1000} s`,
    () => undefined,
  );
  const work = (async () => repair.run())().then(
    () => undefined,
    (e: unknown) => reason(e),
  );
  try {
    return await Promise.race([work, timedOut.then((r) => r ?? work)]);
  } finally {
    ac.abort();
  }
}

/**
 * Applies each distinct repair once, each on its own: one that throws or hangs is reported in one
 * line and the others still run. Never throws.
 */
async function applyRepairs(
  results: readonly CheckResult[],
  ctx: DoctorContext,
  output: DoctorOutput,
  timeoutMs: number,
): Promise<{ applied: number; failed: number }> {
  const seen = new Set<string>();
  let applied = 0;
  let failed = 0;
  for (const r of results) {
    if (r.status === 'ok' || !r.repair || seen.has(r.repair.describe)) continue;
    seen.add(r.repair.describe);
    const why = await attempt(r.repair, ctx, timeoutMs);
    if (why === undefined) {
      applied++;
      output.err(`fixed (${r.id}): ${r.repair.describe}\n`);
    } else {
      failed++;
      output.err(`could not fix (${r.id}): ${r.repair.describe}: ${why}\n`);
    }
  }
  return { applied, failed };
}

export async function runDoctor(
  ctx: DoctorContext,
  opts: DoctorOptions,
  output: DoctorOutput,
): Promise<number> {
  const checks = opts.checks ?? ALL_CHECKS;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  let results = await runChecks(checks, ctx, timeoutMs);
  let failed = 0;
  if (opts.fix) {
    const done = await applyRepairs(
      results,
      ctx,
      output,
      opts.repairTimeoutMs ?? REPAIR_TIMEOUT_MS,
    );
    failed = done.failed;
    if (done.applied > 0) {
      output.err('checking again...\n');
      results = await runChecks(checks, ctx, timeoutMs);
    } else if (failed === 0) {
      const open = results.some((r) => r.status !== 'ok');
      output.err(
        open ? 'nothing that --fix can repair: the fixes below need you\n' : 'nothing to fix\n',
      );
    }
  }
  output.out(opts.json ? toJson(results) : toText(results, opts.color));
  // A fix that failed is a failure even when its finding was only a warning.
  return failed > 0 || results.some((r) => r.status === 'fail') ? 1 : 0;
}
