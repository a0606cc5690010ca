/**
 * Real shells running the built awsid through its shell function (`awsid init`): an `awsid`
 * script on PATH that runs bin/awsid.js, a config whose profiles run awsid, and a runner that
 * starts a shell asynchronously (the fake Identity Center lives in the test process).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { shellCommand, shellQuote } from '../../src/core/shell-quote.js';
import { awsidBin, type CliResult, collectOutput, type Sandbox } from './cli.js';
import { CORP_CONFIG } from './corp.js';

/** Why `shell` cannot run here (with the package that provides it), or undefined. */
export function shellMissing(shell: string): string | undefined {
  const r = spawnSync(shell, ['-c', 'exit 0'], { stdio: 'ignore' });
  return r.status === 0 ? undefined : `${shell} is not installed (apt-get install -y ${shell})`;
}

const line = (account: string, role: string) =>
  shellCommand([
    process.execPath,
    awsidBin,
    'credential-process',
    '--sso-session',
    'corp',
    '--account-id',
    account,
    '--role-name',
    role,
  ]);

/**
 * dev, prod and admin run awsid (as populate writes them, dev and admin with the account name);
 * `static` does not.
 */
export const USE_CONFIG = `${CORP_CONFIG}
[profile dev]
credential_process = ${line('111111111111', 'ReadOnlyAccess')}
region = eu-west-1
awsid_account_name = Team Sandbox

[profile prod]
credential_process = ${line('222222222222', 'ReadOnlyAccess')}
region = us-east-1

[profile sandbox-admin]
credential_process = ${line('111111111111', 'AdministratorAccess')}
region = eu-west-1
awsid_account_name = Team Sandbox

[profile ops+eu@corp:admin/x]
credential_process = ${line('111111111111', 'ReadOnlyAccess')}

[profile static]
region = us-east-1
`;

/** The sandbox's environment with an `awsid` command first on PATH. */
export async function envWithAwsid(sb: Sandbox): Promise<Record<string, string>> {
  const bin = join(sb.tmp, 'bin');
  await mkdir(bin, { recursive: true });
  const script = join(bin, 'awsid');
  await writeFile(
    script,
    `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(awsidBin)} "$@"\n`,
  );
  await chmod(script, 0o755);
  return { ...sb.env, PATH: `${bin}:${sb.env.PATH ?? '/usr/bin:/bin'}` };
}

/** Runs `script` in `shell` (no rc files), no stdin. */
export function runShell(
  shell: string,
  script: string,
  env: Record<string, string>,
  cwd: string,
): Promise<CliResult> {
  const args = shell === 'fish' ? ['--no-config', '-c', script] : ['-c', script];
  return collectOutput(spawn(shell, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** `key=value` lines of a script's stdout. */
export function reported(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of stdout.split('\n')) {
    const eq = l.indexOf('=');
    if (eq > 0) out[l.slice(0, eq)] = l.slice(eq + 1);
  }
  return out;
}
