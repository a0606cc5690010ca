/**
 * `awsid credential-process --profile P` with a warm daemon is answered by the fast client: the
 * daemon reads the profile from its world's config file (src/daemon/server/profile-roles.ts), sees
 * an edit at the next call, and gives the same one-line error as the full CLI for a profile it
 * cannot use. The built CLI, the fake Identity Center, the passphrase store.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type CliResult, repoRoot } from '../helpers/cli.js';
import { CORP_CONFIG } from '../helpers/corp.js';
import { startWorld, type World } from '../helpers/world.js';

const profile = (role: string) => `${CORP_CONFIG}
[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = ${role}

[profile half]
sso_session = corp

[profile populated]
credential_process = awsid credential-process --sso-session corp --account-id 111111111111 --role-name AdministratorAccess
`;

describe('credential-process --profile on the fast path', () => {
  let world: World;
  let fastBin: string;

  function runFastOnly(args: string[]): Promise<CliResult> {
    const child = spawn(process.execPath, [fastBin, ...args], {
      env: world.sb.env,
      cwd: world.sb.home,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => {
        child.stdin.destroy();
        resolve({ code, stdout, stderr });
      });
    });
  }

  beforeAll(async () => {
    world = await startWorld({
      fake: { person: { kind: 'approve', afterPolls: 0 } },
      env: { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'profile-test-passphrase' },
      config: profile('ReadOnlyAccess'),
    });
    expect((await world.sb.run(['login', '--no-browser'])).code).toBe(0);
    expect((await world.sb.run(['daemon', 'start'])).code).toBe(0);
    expect((await world.sb.run(['unlock'])).code).toBe(0);
    // bin/awsid.js and the bundled fast client without the full CLI (dist/bin/): a call that
    // needed it would fail with ERR_MODULE_NOT_FOUND instead of printing credentials.
    fastBin = join(world.sb.tmp, 'fast-only', 'bin', 'awsid.js');
    for (const file of ['bin/awsid.js', 'bin/package.json', 'dist/fast/credential-process.cjs']) {
      await mkdir(join(world.sb.tmp, 'fast-only', file, '..'), { recursive: true });
      await copyFile(join(repoRoot, file), join(world.sb.tmp, 'fast-only', file));
    }
  }, 60_000);
  afterAll(async () => world?.close());

  const requests = async () =>
    (
      JSON.parse((await world.sb.run(['daemon', 'status', '--json'])).stdout) as {
        requests: number;
      }
    ).requests;

  /** The roles GetRoleCredentials was asked for since `from` entries of the fake's log. */
  const rolesAsked = (from: number) =>
    world.fake.log
      .slice(from)
      .filter((e) => e.operation === 'GetRoleCredentials')
      .map((e) => e.query.role_name);

  /**
   * Runs `args` with the fast client alone, and how many daemon requests it made (status costs
   * 2: hello and status).
   */
  async function viaDaemon(args: string[]) {
    const before = await requests();
    const r = await runFastOnly(args);
    return { r, daemonRequests: (await requests()) - before - 2 };
  }

  it('is answered by the daemon in one exchange, without the full CLI', async () => {
    const from = world.fake.log.length;
    const { r, daemonRequests } = await viaDaemon(['credential-process', '--profile', 'dev']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1 });
    // hello and getCredentials, one exchange.
    expect(daemonRequests).toBe(2);
    expect(rolesAsked(from)).toEqual(['ReadOnlyAccess']);
  });

  it('leaves what it cannot do to the full CLI (here absent, so it fails)', async () => {
    const r = await runFastOnly(['credential-process', '--profile', 'dev', '--no-daemon']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('ERR_MODULE_NOT_FOUND');
  });

  it('reads the flags of an awsid credential_process line, as the full CLI does', async () => {
    const from = world.fake.log.length;
    const { r, daemonRequests } = await viaDaemon(['credential-process', '--profile=populated']);
    expect(r.code, r.stderr).toBe(0);
    expect(daemonRequests).toBe(2);
    expect(rolesAsked(from)).toEqual(['AdministratorAccess']);
  });

  it('sees an edit of the config file at the next call', async () => {
    await world.sb.writeConfig(profile('AdministratorAccess'));
    const from = world.fake.log.length;
    const { r, daemonRequests } = await viaDaemon(['credential-process', '--profile', 'dev']);
    expect(r.code, r.stderr).toBe(0);
    expect(daemonRequests).toBe(2);
    // AdministratorAccess was cached by the previous case: served without a new upstream call.
    expect(rolesAsked(from)).toEqual([]);
    const admin = JSON.parse(
      (await world.sb.run(['credential-process', '--profile', 'populated'])).stdout,
    ) as { AccessKeyId: string };
    expect(JSON.parse(r.stdout)).toMatchObject({ AccessKeyId: admin.AccessKeyId });
    await world.sb.writeConfig(profile('ReadOnlyAccess'));
  });

  it.each([
    ['an unknown profile', 'nope'],
    ['a profile that names no role', 'half'],
  ])('%s: the same one line as the full CLI, from the daemon', async (_what, name) => {
    const full = await world.sb.run(['credential-process', '--profile', name, '--no-daemon']);
    const { r, daemonRequests } = await viaDaemon(['credential-process', '--profile', name]);
    expect(daemonRequests).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(full.stderr);
    expect(r.code).toBe(full.code);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`profile '${name}'`);
  });
});
