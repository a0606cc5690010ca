/**
 * Daemon faults, end to end with the built CLI, a temp HOME and the
 * fake Identity Center: the daemon killed mid-run, a socket directory with loose permissions.
 * (Session and state faults: faults-session.test.ts.) The passphrase store keeps the keychain
 * out of it (credential-process.test.ts covers the keychain).
 */
import { chmod, readdir } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { shellQuote } from '../../src/core/shell-quote.js';
import { startFakeIdc, type FakeIdc } from '../fake-idc/index.js';
import { createSandbox, type CliResult, type Sandbox } from '../helpers/cli.js';
import { CORP_CONFIG as CONFIG, CORP_CREDENTIAL_PROCESS as CP } from '../helpers/corp.js';

function expectCredentials(r: CliResult): void {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1 });
}

describe('daemon faults (passphrase store)', () => {
  let fake: FakeIdc;
  let sb: Sandbox;
  let stateDir: string;
  let runtimeDir: string;

  async function daemonPid(): Promise<number | undefined> {
    const r = await sb.run(['daemon', 'status', '--json']);
    const s = JSON.parse(r.stdout) as { running: boolean; pid?: number };
    return s.running ? s.pid : undefined;
  }

  beforeAll(async () => {
    fake = await startFakeIdc({ person: { kind: 'approve', afterPolls: 1 }, intervalSec: 1 });
    sb = await createSandbox({
      AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
      AWS_ENDPOINT_URL_SSO: fake.url,
      AWSID_SECRET_STORE: 'passphrase',
      AWSID_PASSPHRASE: 'faults-test-passphrase',
    });
    stateDir = join(sb.home, '.local/state/awsid');
    runtimeDir = join(stateDir, 'run');
    await sb.writeConfig(CONFIG);
    expect((await sb.run(['login', '--no-browser'])).code).toBe(0);
  });
  afterAll(async () => {
    await chmod(runtimeDir, 0o700).catch(() => {});
    await sb?.run(['daemon', 'stop']);
    await sb?.close();
    await fake?.close();
  });

  it('SIGKILL of the daemon during 100 calls (10 at a time): every call succeeds', async () => {
    expectCredentials(await sb.run(CP));
    const first = await daemonPid();
    expect(first).toBeGreaterThan(0);
    const results: CliResult[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const calls = Array.from({ length: 10 }, () => sb.run(CP));
      // Midway, when the first call of a batch is answered and the other nine are in flight.
      if (batch === 5) void calls[0]!.then(() => process.kill(first!, 'SIGKILL'));
      results.push(...(await Promise.all(calls)));
    }
    expect(results).toHaveLength(100);
    for (const r of results) expectCredentials(r);
    // A new daemon took over the stale socket.
    const second = await daemonPid();
    expect(second).toBeGreaterThan(0);
    expect(second).not.toBe(first);
  }, 120_000);

  it('a socket directory with loose permissions: `daemon run` refuses, credential-process works in-process and says why', async () => {
    await sb.run(['daemon', 'stop']);
    await chmod(runtimeDir, 0o755);
    try {
      const run = await sb.run(['daemon', 'run']);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain(`the daemon directory '${runtimeDir}' has mode 0755`);
      expect(run.stderr).toContain(`run: chmod 700 ${shellQuote(runtimeDir)}`);
      const grcBefore = fake.count('GetRoleCredentials');
      const r = await sb.run(CP);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1 });
      expect(r.stderr).toBe(
        `awsid: not using the awsid daemon: '${runtimeDir}' has mode 0755; other users could reach what is inside; working without it\n` +
          `  run: chmod 700 ${shellQuote(runtimeDir)}\n`,
      );
      // In-process: no daemon, so no cache either.
      expect((await readdir(runtimeDir)).filter((f) => f.endsWith('.sock'))).toEqual([]);
      expect(fake.count('GetRoleCredentials')).toBe(grcBefore + 1);
      const status = await sb.run(['daemon', 'status']);
      expect(status.code).toBe(4);
      expect(status.stderr).toContain(`'${runtimeDir}' has mode 0755`);
    } finally {
      await chmod(runtimeDir, 0o700);
    }
  });
});
