/**
 * The real AWS CLI v2 for interop tests: Debian's awscli at /usr/bin/aws (the v1 first on PATH is
 * not it), run either as is (set-ups it refuses before any request) or through
 * test/fixtures/aws-v2-at-fake.py, which points its sso and sso-oidc clients at loopback fakes
 * (2.9 ignores AWS_ENDPOINT_URL_*). Every other request goes to a closed loopback proxy, never
 * to AWS.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const AWS_V2 = '/usr/bin/aws';
const AT_FAKE = fileURLToPath(new URL('../fixtures/aws-v2-at-fake.py', import.meta.url));

/** Why the AWS CLI v2 cannot run here, or undefined when it can. */
export async function awsV2Missing(): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)(AWS_V2, ['--version'], { timeout: 30_000 });
    return stdout.startsWith('aws-cli/2.')
      ? undefined
      : `${AWS_V2} is not the AWS CLI v2: ${stdout.trim()}`;
  } catch (e) {
    return `no AWS CLI v2 at ${AWS_V2} (${(e as Error).message.split('\n')[0]})`;
  }
}

export interface AwsRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of every run: HOME, no instance metadata, no pager, a proxy nobody answers. */
function baseEnv(home: string): Record<string, string> {
  return {
    HOME: home,
    PATH: '/usr/bin:/bin',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
  };
}

async function run(file: string, args: string[], env: Record<string, string>): Promise<AwsRun> {
  return promisify(execFile)(file, args, { env, timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({
      code: typeof e.code === 'number' ? e.code : -1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? '',
    }),
  );
}

/** `aws ARGS` with HOME; for set-ups refused before any request. */
export function awsV2(home: string, args: string[]): Promise<AwsRun> {
  return run(AWS_V2, args, baseEnv(home));
}

/** The Python /usr/bin/aws runs under (its `#!` line), so the wrapper imports the same awscli. */
async function awsPython(): Promise<string> {
  const first = (await readFile(AWS_V2, 'utf8')).split('\n')[0] ?? '';
  const m = /^#!\s*(\S+)/.exec(first);
  if (!m?.[1]) throw new Error(`${AWS_V2} does not start with a #! line: ${first}`);
  return m[1];
}

/**
 * `aws ARGS` with HOME, its Identity Center clients at `endpoints` (region -> fake URL). The
 * fakes are on 127.0.0.1, which NO_PROXY exempts from the closed proxy (botocore
 * utils.should_bypass_proxies); nothing else is.
 */
export async function awsV2AtFake(
  home: string,
  endpoints: Record<string, string>,
  args: string[],
): Promise<AwsRun> {
  return run(await awsPython(), [AT_FAKE, ...args], {
    ...baseEnv(home),
    NO_PROXY: '127.0.0.1',
    // One attempt: the closed proxy answers at once, and a fake's 4xx is never retried anyway.
    AWS_MAX_ATTEMPTS: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    AWSID_TEST_SSO_ENDPOINTS: JSON.stringify(endpoints),
  });
}
