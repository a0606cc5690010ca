/**
 * Entry of the bundled hot path (dist/fast/credential-process.cjs): a warm daemon answers
 * `credential-process` without loading yargs or the AWS SDK (docs/benchmarks.md); a cold one is
 * launched here and awaited (src/daemon/client/fast-start.ts). `prompt`, which runs on every
 * shell prompt and needs nothing this bundle lacks, is answered here too.
 */
import { runFastCredentialProcess } from '../daemon/client/fast-client.js';
import { runFastPrompt } from '../daemon/client/fast-prompt.js';
import { launchDaemon } from '../platform/launch-daemon.js';

declare const AWSID_VERSION: string;

let startFailed = false;

/** Whether this call launched a daemon that did not come up (bin/awsid.js tells the full CLI). */
export function fastStartFailed(): boolean {
  return startFailed;
}

/** `bin`: the path of bin/awsid.js, started as `awsid daemon run` when no daemon answers. */
export function runFast(argv: string[], bin: string): Promise<number | 'fallback'> {
  if (argv[0] === 'prompt') return runFastPrompt(argv, process.env, AWSID_VERSION, process);
  return runFastCredentialProcess(argv, process.env, AWSID_VERSION, process, {
    startDaemon: (env) => launchDaemon(env, bin),
    onStartFailed: () => (startFailed = true),
  });
}
