/**
 * Entry of the bundled `exec`/`env` fast path (dist/fast/exec.cjs; src/daemon/client/fast-exec.ts):
 * a warm daemon's credentials without loading yargs or the AWS SDK. A bundle of its own, so the
 * credential-process bundle does not grow by node:child_process and the env formats.
 */
import { isatty } from 'node:tty';

import { runFastEnv, runFastExec } from '../daemon/client/fast-exec.js';
import { launchDaemon } from '../platform/launch-daemon.js';

declare const AWSID_VERSION: string;

let startFailed = false;

/** Whether this call launched a daemon that did not come up (bin/awsid.js tells the full CLI). */
export function fastStartFailed(): boolean {
  return startFailed;
}

/** `bin`: the path of bin/awsid.js, started as `awsid daemon run` when no daemon answers. */
export function runFast(argv: string[], bin: string): Promise<number | 'fallback'> {
  const options = {
    startDaemon: (env: NodeJS.ProcessEnv) => launchDaemon(env, bin),
    onStartFailed: () => (startFailed = true),
  };
  if (argv[0] === 'env') return runFastEnv(argv, process.env, AWSID_VERSION, process, options);
  // isatty, not process.stdin.isTTY: the child inherits stdin, and this process never opens it.
  const terminal = isatty(0) || isatty(1) || isatty(2);
  // Getters: exec never writes to stdout, and each std stream costs a handle to create.
  const io = {
    get stdout() {
      return process.stdout;
    },
    get stderr() {
      return process.stderr;
    },
    terminal,
  };
  return runFastExec(argv, process.env, AWSID_VERSION, io, options);
}
