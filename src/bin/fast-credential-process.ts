/**
 * Entry of the bundled hot path (dist/fast/credential-process.mjs): a warm daemon answers
 * `credential-process` without loading yargs or the AWS SDK (issue #3 §5).
 */
import { runFastCredentialProcess } from '../daemon/fast-client.js';

declare const AWSID_VERSION: string;

export function runFast(argv: string[]): Promise<number | 'fallback'> {
  return runFastCredentialProcess(argv, process.env, AWSID_VERSION, process);
}
