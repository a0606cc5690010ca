/**
 * Two daemons, one state directory (docs/architecture.md, "One daemon per world"): the same user,
 * config and sealed file, but one shell sets AWS_CA_BUNDLE (a real PEM file), so each world runs
 * its own daemon. Logout, lock and stop, run from the first world, reach the second daemon too.
 * The built CLI, the fake Identity Center, the passphrase store, a temp HOME.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { FakeIdc } from '../fake-idc/index.js';
import type { CliResult, Sandbox } from '../helpers/cli.js';
import { CORP_CREDENTIAL_PROCESS as CP, CORP_DEV_CONFIG } from '../helpers/corp.js';
import { startWorld, type World } from '../helpers/world.js';

const PASSPHRASE = 'two daemons, one state';
const WITH_PASSPHRASE = { AWSID_PASSPHRASE: PASSPHRASE };
/** The second world: only the CA bundle differs (Debian's system bundle, a real PEM file). */
const WORLD_B = { AWS_CA_BUNDLE: '/etc/ssl/certs/ca-certificates.crt' };

interface DaemonJson {
  running: boolean;
  pid?: number;
  secretStore?: { kind: string; locked: boolean };
}

function expectCredentials(r: CliResult, fake: FakeIdc): void {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(fake.issuedSecrets()).toContain(
    (JSON.parse(r.stdout) as { SecretAccessKey: string }).SecretAccessKey,
  );
}

describe('logout, lock and stop reach every daemon of the state directory', () => {
  let world: World;
  let fake: FakeIdc;
  let sb: Sandbox;
  const daemon = async (env: Record<string, string> = {}): Promise<DaemonJson> =>
    JSON.parse((await sb.run(['daemon', 'status', '--json'], env)).stdout) as DaemonJson;

  /** Logs in from world A, then starts and unlocks both daemons; both serve the role. */
  async function bothServing(): Promise<void> {
    expect((await sb.run(['login', '--no-browser'], WITH_PASSPHRASE)).code).toBe(0);
    for (const env of [{}, WORLD_B]) {
      expect((await sb.run(['unlock'], { ...env, ...WITH_PASSPHRASE })).code).toBe(0);
      expectCredentials(await sb.run(CP, env), fake);
    }
    const [a, b] = [await daemon(), await daemon(WORLD_B)];
    expect(a.running && b.running).toBe(true);
    expect(a.pid).not.toBe(b.pid);
  }

  beforeAll(async () => {
    world = await startWorld({
      config: CORP_DEV_CONFIG,
      env: { AWSID_SECRET_STORE: 'passphrase' },
      fake: { person: { kind: 'approve', afterPolls: 0 } },
    });
    ({ fake, sb } = world);
  });
  afterAll(async () => {
    await sb?.run(['daemon', 'stop'], WORLD_B);
    await world?.close();
  });

  it("after logout the other world's daemon no longer serves its cached role credentials", async () => {
    await bothServing();
    const out = await sb.run(['logout'], WITH_PASSPHRASE);
    expect(out.code).toBe(0);
    const b = await sb.run(CP, WORLD_B);
    expect(b.stdout).toBe('');
    expect(b.code).toBe(3);
    expect(b.stderr).toContain('awsid login');
  });

  it("after lock the other world's daemon is locked too", async () => {
    await bothServing();
    const [a, b] = [await daemon(), await daemon(WORLD_B)];
    const r = await sb.run(['lock']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Locked the awsid daemon (pid ${a.pid})`);
    expect(r.stderr).toContain(`Locked the awsid daemon (pid ${b.pid})`);
    expect((await daemon(WORLD_B)).secretStore).toEqual({ kind: 'passphrase', locked: true });
    expect((await daemon()).secretStore).toEqual({ kind: 'passphrase', locked: true });
  });

  it('daemon stop stops both', async () => {
    const [a, b] = [await daemon(), await daemon(WORLD_B)];
    expect(a.running && b.running).toBe(true);
    const r = await sb.run(['daemon', 'stop']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`stopped awsid daemon pid ${a.pid}\nstopped awsid daemon pid ${b.pid}\n`);
    expect(await daemon(WORLD_B)).toMatchObject({ running: false });
    expect(await daemon()).toMatchObject({ running: false });
  });
});
