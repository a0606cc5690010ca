/**
 * Runs the checks side by side, each bounded in time; a check that throws or hangs becomes one
 * `fail` result under its own id (checks never print and never throw).
 */
import { Facts, type CheckContext } from './facts.js';
import type { Check, CheckResult, DoctorContext } from './types.js';

/** Above the keychain's own 3 s bound (src/store/key-keychain.ts), so its message wins. */
export const DEFAULT_CHECK_TIMEOUT_MS = 5_000;

async function runOne(
  check: Check<CheckContext>,
  ctx: CheckContext,
  timeoutMs: number,
): Promise<CheckResult[]> {
  const ac = new AbortController();
  const timedOut: CheckResult[] = [
    {
      id: check.id,
      status: 'fail',
      subject: 'awsid doctor',
      message: `the ${check.id} check did not finish within ${timeoutMs / 1000} s`,
      fix: 'run awsid doctor again; if it persists, file an issue with awsid doctor --json',
    },
  ];
  const timer = ctx.wait(timeoutMs, ac.signal).then(
    () => timedOut,
    () => timedOut,
  );
  const work = (async () => check.run(ctx))().catch((e: unknown): CheckResult[] => [
    {
      id: check.id,
      status: 'fail',
      subject: 'awsid doctor',
      message: `the ${check.id} check failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      fix: 'run awsid doctor again; if it persists, file an issue with awsid doctor --json',
    },
  ]);
  try {
    return await Promise.race([work, timer]);
  } finally {
    ac.abort();
  }
}

/** All results, in the order of `checks`; facts (config, caches, state) are read once per call. */
export async function runChecks(
  checks: readonly Check<CheckContext>[],
  ctx: DoctorContext,
  timeoutMs = DEFAULT_CHECK_TIMEOUT_MS,
): Promise<CheckResult[]> {
  const cctx: CheckContext = { ...ctx, facts: new Facts(ctx) };
  const results = await Promise.all(checks.map((c) => runOne(c, cctx, timeoutMs)));
  return results.flat();
}
