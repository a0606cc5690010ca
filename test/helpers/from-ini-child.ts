/**
 * The JS SDK's fromIni, run in a child node process with a sandbox's environment. fromIni runs a
 * profile's credential_process with its own process's environment, so doing it in the test
 * process would mean changing that process's environment; the child gets an explicit one instead.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { repoRoot, type Sandbox } from './cli.js';

const run = promisify(execFile);

export interface ChildCredentials {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** Milliseconds since the epoch. */
  expiration?: number;
}

/** The credentials fromIni resolves for `profile` from the sandbox's config file (no credentials file). */
export async function fromIniInChild(sb: Sandbox, profile: string): Promise<ChildCredentials> {
  const script = `
    import { fromIni } from '@aws-sdk/credential-providers';
    const c = await fromIni({ profile: ${JSON.stringify(profile)}, ignoreCache: true })();
    console.log(JSON.stringify({ ...c, expiration: c.expiration?.getTime() }));`;
  const r = await run(process.execPath, ['--input-type=module', '-e', script], {
    // Module resolution of @aws-sdk/credential-providers starts here.
    cwd: repoRoot,
    env: {
      ...sb.env,
      AWS_CONFIG_FILE: sb.configFile,
      AWS_SHARED_CREDENTIALS_FILE: `${sb.home}/.aws/none`,
    },
  });
  return JSON.parse(r.stdout) as ChildCredentials;
}
