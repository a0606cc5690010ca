/**
 * Entry of the bundled hot path (dist/fast/credential-process.cjs): a warm daemon answers
 * `credential-process` without loading yargs or the AWS SDK (docs/benchmarks.md); a cold one is
 * launched here and awaited (src/daemon/client/fast-start.ts).
 */
import { runFastCredentialProcess } from '../daemon/client/fast-client.js';
import { launchDaemon } from '../platform/launch-daemon.js';

declare const AWSID_VERSION: string;

/** `bin`: the path of bin/awsid.js, started as `awsid daemon run` when no daemon answers. */
export function runFast(argv: string[], bin: string): Promise<number | 'fallback'> {
  return runFastCredentialProcess(argv, process.env, AWSID_VERSION, process, {
    startDaemon: (env) => launchDaemon(env, bin),
  });
}
