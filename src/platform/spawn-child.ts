/**
 * Runs a command in the foreground for `awsid exec`: inherited stdio, signals
 * forwarded, and the outcome mapped to the exit code a shell would report. Node cannot exec(2)
 * over itself, so awsid stays as the parent (aws-vault's `runSubProcess` does the same on Windows).
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

import type { Env } from './env.js';

export type ForegroundResult =
  | { kind: 'exited'; code: number }
  /** Killed by `signal`; `code` is 128 + its number, as POSIX shells report it. */
  | { kind: 'signaled'; signal: NodeJS.Signals; code: number }
  /** Never ran: `errno` is ENOENT (not found), EACCES (not executable), ... */
  | { kind: 'not-started'; errno: string; message: string };

export interface ForegroundOptions {
  env: Env;
  /**
   * awsid is attached to a terminal. Ctrl-C and Ctrl-\ then reach every process of the foreground
   * process group, the child included, so forwarding them would deliver them twice (Terraform
   * treats a second interrupt as "exit immediately"). sudo(8) skips relaying terminal-generated
   * signals for the same reason; Node does not see the sender, so the terminal stands in for it.
   */
  terminal: boolean;
}

const FORWARDED: readonly NodeJS.Signals[] =
  process.platform === 'win32'
    ? ['SIGINT', 'SIGTERM', 'SIGHUP']
    : ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
const FROM_TERMINAL: ReadonlySet<NodeJS.Signals> = new Set(['SIGINT', 'SIGQUIT']);

function definedOnly(env: Env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

export function runForeground(
  command: string,
  args: readonly string[],
  options: ForegroundOptions,
): Promise<ForegroundResult> {
  return new Promise((resolve) => {
    let settled = false;
    const child = spawn(command, [...args], { stdio: 'inherit', env: definedOnly(options.env) });
    // While the child runs awsid must not die of these signals (it would orphan the child and
    // lose its exit code): it passes them on and waits.
    const forward = (signal: NodeJS.Signals) => {
      if (options.terminal && FROM_TERMINAL.has(signal)) return;
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    const listening: NodeJS.Signals[] = [];
    for (const signal of FORWARDED) {
      try {
        process.on(signal, forward);
        listening.push(signal);
      } catch {
        // A signal this platform cannot watch: nothing to forward.
      }
    }
    const finish = (result: ForegroundResult) => {
      if (settled) return;
      settled = true;
      for (const signal of listening) process.off(signal, forward);
      resolve(result);
    };
    child.once('error', (e: NodeJS.ErrnoException) => {
      // Also emitted when a kill fails; only a child that never started has no pid.
      if (child.pid !== undefined) return;
      finish({ kind: 'not-started', errno: e.code ?? 'EUNKNOWN', message: e.message });
    });
    child.once('exit', (code, signal) => {
      if (signal) {
        finish({ kind: 'signaled', signal, code: 128 + (constants.signals[signal] ?? 0) });
      } else {
        finish({ kind: 'exited', code: code ?? 1 });
      }
    });
  });
}
