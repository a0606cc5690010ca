/**
 * `awsid exec` and `awsid env` end to end: the built CLI as a child process, a temp
 * HOME, the fake Identity Center, the passphrase store (the keychain is not the point here).
 * Children are real programs (node, /bin/sh) that report what they see.
 */
import { spawn } from 'node:child_process';
import { spawnSync } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeIdc, type FakeIdc } from '../fake-idc/index.js';
import { awsidBin, createSandbox, type CliResult, type Sandbox } from '../helpers/cli.js';
import { CORP_DEV_CONFIG } from '../helpers/corp.js';

const CONFIG = CORP_DEV_CONFIG;
const FLAGS = [
  '--sso-session',
  'corp',
  '--account-id',
  '111111111111',
  '--role-name',
  'ReadOnlyAccess',
];
/** What a shell that used other credentials would pass down. */
const INHERITED = {
  AWS_ACCESS_KEY_ID: 'AKIAINHERITEDXXXXXXX',
  AWS_SECRET_ACCESS_KEY: 'inherited-secret',
  AWS_SESSION_TOKEN: 'inherited-token',
  AWS_SECURITY_TOKEN: 'inherited-token',
  AWS_PROFILE: 'other',
  AWS_DEFAULT_PROFILE: 'other',
  AWS_SDK_LOAD_CONFIG: '1',
  AWS_CREDENTIAL_FILE: '/nonexistent',
  AWS_REGION: 'ap-south-1',
  AWS_DEFAULT_REGION: 'ap-south-1',
};
/** A child that prints the AWS and AWSID variables it sees. */
const PRINT_ENV = [
  process.execPath,
  '-e',
  'const e={};for(const[k,v]of Object.entries(process.env))if(/^(AWS_|AWSID_)/.test(k))e[k]=v;console.log(JSON.stringify(e))',
];

interface Running {
  pid: number;
  /** Resolves once stdout contains `text`. */
  waitFor(text: string): Promise<void>;
  done: Promise<CliResult & { signal: NodeJS.Signals | null }>;
}

function start(sb: Sandbox, args: string[], extraEnv: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [awsidBin, ...args], {
    env: { ...sb.env, ...extraEnv },
    cwd: sb.home,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: Array<[string, () => void]> = [];
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    for (const [text, resolve] of waiters) if (stdout.includes(text)) resolve();
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return {
    pid: child.pid!,
    waitFor: (text) =>
      new Promise((resolve) => {
        if (stdout.includes(text)) resolve();
        else waiters.push([text, resolve]);
      }),
    done: new Promise((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
    ),
  };
}

describe('awsid exec and awsid env', () => {
  let fake: FakeIdc;
  let sb: Sandbox;
  let issuedKeyId: string;

  beforeAll(async () => {
    fake = await startFakeIdc({ person: { kind: 'approve', afterPolls: 0 }, intervalSec: 1 });
    sb = await createSandbox({
      AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
      AWS_ENDPOINT_URL_SSO: fake.url,
      AWSID_SECRET_STORE: 'passphrase',
      AWSID_PASSPHRASE: 'exec-env-test-passphrase',
    });
    await sb.writeConfig(CONFIG);
    expect((await sb.run(['login', '--no-browser'])).code).toBe(0);
    const cp = await sb.run(['credential-process', ...FLAGS]);
    issuedKeyId = (JSON.parse(cp.stdout) as { AccessKeyId: string }).AccessKeyId;
  });
  afterAll(async () => {
    await sb?.run(['daemon', 'stop']);
    await sb?.close();
    await fake?.close();
  });

  it('exec --profile: the child sees the role and region, none of the inherited credentials', async () => {
    const r = await sb.run(['exec', '--profile', 'dev', '--', ...PRINT_ENV], INHERITED);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const seen = JSON.parse(r.stdout) as Record<string, string>;
    expect(seen.AWS_ACCESS_KEY_ID).toBe(issuedKeyId);
    expect(fake.issuedSecrets()).toContain(seen.AWS_SECRET_ACCESS_KEY);
    expect(fake.issuedSecrets()).toContain(seen.AWS_SESSION_TOKEN);
    expect(seen.AWS_CREDENTIAL_EXPIRATION).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(seen.AWS_REGION).toBe('eu-west-1');
    expect(seen.AWS_DEFAULT_REGION).toBe('eu-west-1');
    expect(seen.AWSID_EXEC).toBe('dev');
    for (const name of [
      'AWS_SECURITY_TOKEN',
      'AWS_PROFILE',
      'AWS_DEFAULT_PROFILE',
      'AWS_SDK_LOAD_CONFIG',
      'AWS_CREDENTIAL_FILE',
    ]) {
      expect(seen[name], name).toBeUndefined();
    }
  });

  it('exec with the three flags: no region known, so the inherited region stays', async () => {
    const r = await sb.run(['exec', ...FLAGS, '--', ...PRINT_ENV], INHERITED);
    expect(r.code).toBe(0);
    const seen = JSON.parse(r.stdout) as Record<string, string>;
    expect(seen.AWS_ACCESS_KEY_ID).toBe(issuedKeyId);
    expect(seen.AWS_REGION).toBe('ap-south-1');
    expect(seen.AWSID_EXEC).toBe('corp/111111111111/ReadOnlyAccess');
    expect(seen.AWS_PROFILE).toBeUndefined();
  });

  it("exits with the child's code; passes arguments through untouched", async () => {
    const r = await sb.run(['exec', '--profile', 'dev', '--', '/bin/sh', '-c', 'exit 42']);
    expect(r.code).toBe(42);
    const args = await sb.run([
      'exec',
      '--profile',
      'dev',
      '--',
      '/bin/sh',
      '-c',
      `printf '[%s]' "$@"`,
      'sh',
      '--profile',
      'x y',
      '$HOME',
      '--',
      '--debug',
    ]);
    expect(args.stdout).toBe('[--profile][x y][$HOME][--][--debug]');
    expect(args.code).toBe(0);
  });

  it('a missing command, words before --, and an unknown program are clear errors', async () => {
    const none = await sb.run(['exec', '--profile', 'dev']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("awsid: name the command to run after '--'");
    const stray = await sb.run(['exec', '--profile', 'dev', 'aws', 's3', 'ls']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain("put the command after '--'");
    const missing = await sb.run(['exec', '--profile', 'dev', '--', 'awsid-no-such-program']);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toBe('awsid: command not found: awsid-no-such-program\n');
  });

  it('refuses to nest: inside exec, exec says to exit the subshell or unset AWSID_EXEC', async () => {
    const r = await sb.run([
      'exec',
      '--profile',
      'dev',
      '--',
      process.execPath,
      awsidBin,
      'exec',
      '--profile',
      'dev',
      '--',
      '/bin/sh',
      '-c',
      'echo should-not-run',
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("already inside 'awsid exec' for 'dev'");
    expect(r.stderr).toContain('unset AWSID_EXEC');
  });

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`forwards ${signal} to the child and exits with its code`, async () => {
      const script = `process.on('${signal}', () => { console.log('child got ${signal}'); process.exit(42); }); console.log('ready'); setInterval(() => {}, 1000);`;
      const run = start(sb, ['exec', '--profile', 'dev', '--', process.execPath, '-e', script]);
      await run.waitFor('ready');
      process.kill(run.pid, signal);
      const r = await run.done;
      expect(r.stdout).toContain(`child got ${signal}`);
      expect(r.code).toBe(42);
      expect(r.signal).toBeNull();
    });
  }

  it('a child killed by the forwarded signal: exit code 128 + the signal number', async () => {
    const run = start(sb, [
      'exec',
      '--profile',
      'dev',
      '--',
      process.execPath,
      '-e',
      "console.log('ready'); setInterval(() => {}, 1000)",
    ]);
    await run.waitFor('ready');
    process.kill(run.pid, 'SIGTERM');
    const r = await run.done;
    expect(r.code).toBe(128 + 15);
  });

  it('env (sh): eval in /bin/sh sets the role and drops the inherited profile', async () => {
    const r = await sb.run(['env', '--profile', 'dev'], INHERITED);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const sh = spawnSync(
      '/bin/sh',
      [
        '-c',
        `eval "$AWSID_OUT"; printf '%s|%s|%s' "$AWS_ACCESS_KEY_ID" "$AWS_REGION" "\${AWS_PROFILE-unset}"`,
      ],
      { env: { ...INHERITED, PATH: process.env.PATH, AWSID_OUT: r.stdout }, encoding: 'utf8' },
    );
    expect(sh.stderr).toBe('');
    expect(sh.stdout).toBe(`${issuedKeyId}|eu-west-1|unset`);
  });

  it('env --format json, dotenv, fish, powershell', async () => {
    const json = await sb.run(['env', ...FLAGS, '--format', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ AWS_ACCESS_KEY_ID: issuedKeyId });
    expect(Object.keys(JSON.parse(json.stdout) as object)).toEqual([
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_CREDENTIAL_EXPIRATION',
    ]);
    const dotenv = await sb.run(['env', '--profile', 'dev', '--format', 'dotenv']);
    expect(dotenv.stdout).toContain(`AWS_ACCESS_KEY_ID=${issuedKeyId}\n`);
    expect(dotenv.stdout).toContain('AWS_REGION=eu-west-1\n');
    const fish = await sb.run(['env', '--profile', 'dev', '--format', 'fish'], INHERITED);
    expect(fish.stdout).toContain('set -e AWS_PROFILE\n');
    expect(fish.stdout).toContain(`set -gx AWS_ACCESS_KEY_ID '${issuedKeyId}'\n`);
    const ps = await sb.run(['env', '--profile', 'dev', '--format', 'powershell'], INHERITED);
    expect(ps.stdout).toContain('Remove-Item Env:AWS_PROFILE -ErrorAction SilentlyContinue\n');
    expect(ps.stdout).toContain(`$Env:AWS_ACCESS_KEY_ID = '${issuedKeyId}'\n`);
    for (const r of [json, dotenv, fish, ps]) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
  });

  it('env when not logged in: the error on stderr, nothing on stdout to eval', async () => {
    const r = await sb.run([
      'env',
      '--sso-session',
      'nosuch',
      '--account-id',
      '111111111111',
      '--role-name',
      'R',
    ]);
    expect(r.stdout).toBe('');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^awsid: /);
  });
});
