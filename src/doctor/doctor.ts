/**
 * `awsid doctor` as a function of its context: run the checks, apply the safe fixes when asked
 * (each printed, then everything checked again), render, and return the exit code: 1 when
 * anything failed, else 0.
 */
import { ALL_CHECKS } from './checks/index.js';
import type { CheckContext } from './facts.js';
import { toJson, toText } from './render.js';
import { DEFAULT_CHECK_TIMEOUT_MS, runChecks } from './runner.js';
import type { Check, CheckResult, DoctorContext } from './types.js';

export interface DoctorOptions {
  json: boolean;
  fix: boolean;
  /** Colours: only when stdout is a terminal. */
  color: boolean;
  checks?: readonly Check<CheckContext>[];
  timeoutMs?: number;
}

export interface DoctorOutput {
  /** The report. */
  out(text: string): void;
  /** What `--fix` does, as it does it (stderr, so `--json` stays parseable). */
  err(text: string): void;
}

/** Applies each distinct repair once; returns how many ran. Never throws. */
async function applyRepairs(
  results: readonly CheckResult[],
  output: DoctorOutput,
): Promise<number> {
  const seen = new Set<string>();
  let applied = 0;
  for (const r of results) {
    if (r.status === 'ok' || !r.repair || seen.has(r.repair.describe)) continue;
    seen.add(r.repair.describe);
    try {
      await r.repair.run();
      applied++;
      output.err(`fixed (${r.id}): ${r.repair.describe}\n`);
    } catch (e) {
      output.err(
        `could not fix (${r.id}): ${r.repair.describe}: ${(e as Error).message.split('\n')[0]}\n`,
      );
    }
  }
  return applied;
}

export async function runDoctor(
  ctx: DoctorContext,
  opts: DoctorOptions,
  output: DoctorOutput,
): Promise<number> {
  const checks = opts.checks ?? ALL_CHECKS;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  let results = await runChecks(checks, ctx, timeoutMs);
  if (opts.fix) {
    const applied = await applyRepairs(results, output);
    if (applied > 0) {
      output.err('checking again...\n');
      results = await runChecks(checks, ctx, timeoutMs);
    } else {
      const open = results.some((r) => r.status !== 'ok');
      output.err(
        open ? 'nothing that --fix can repair: the fixes below need you\n' : 'nothing to fix\n',
      );
    }
  }
  output.out(opts.json ? toJson(results) : toText(results, opts.color));
  return results.some((r) => r.status === 'fail') ? 1 : 0;
}
