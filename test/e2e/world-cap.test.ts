/**
 * The cap on daemons per user (src/daemon/client/world-cap.ts, docs/architecture.md "One daemon
 * per world"): eight worlds (here eight state directories) run eight daemons; a ninth world's
 * daemon is not started: `daemon start` fails with one line naming `awsid daemon status` and
 * `awsid daemon stop`, a credential request says so and works without one. Once one stops, the
 * ninth starts. The built CLI, the memory store, a temp HOME.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CORP_CREDENTIAL_PROCESS as CP } from '../helpers/corp.js';
import { startWorld, type World } from '../helpers/world.js';

const CAP = 8;

describe('at most eight daemons per user', () => {
  let world: World;
  /** One runtime directory (the cap counts per runtime directory), a state directory per world. */
  const worldEnv = (i: number) => ({
    XDG_RUNTIME_DIR: join(world.sb.tmp, 'run'),
    XDG_STATE_HOME: join(world.sb.home, `state-${i}`),
  });
  const sockets = async () =>
    (await readdir(join(world.sb.tmp, 'run', 'awsid'))).filter((f) => f.endsWith('.sock'));

  beforeAll(async () => {
    world = await startWorld({ env: { AWSID_SECRET_STORE: 'memory' } });
    await mkdir(join(world.sb.tmp, 'run'), { mode: 0o700 });
    for (let i = 1; i <= CAP; i++) {
      const r = await world.sb.run(['daemon', 'start'], worldEnv(i));
      expect(r.code).toBe(0);
    }
    expect(await sockets()).toHaveLength(CAP);
  }, 120_000);
  afterAll(async () => {
    for (let i = 1; i <= CAP + 1; i++) await world?.sb.run(['daemon', 'stop'], worldEnv(i));
    await world?.close();
  }, 120_000);

  it('a ninth world: daemon start fails with one line naming daemon status and stop', async () => {
    const r = await world.sb.run(['daemon', 'start'], worldEnv(CAP + 1));
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      `awsid: not starting an awsid daemon for this environment: ${CAP} already run for this user (at most ${CAP}, one per set of AWS and proxy settings); see them with awsid daemon status, stop unused ones with awsid daemon stop`,
    );
    expect(lines[1]).toMatch(/^ {2}run: awsid daemon stop/);
    expect(await sockets()).toHaveLength(CAP);
    const status = await world.sb.run(['daemon', 'status'], worldEnv(CAP + 1));
    expect(status.stdout).toContain(
      `  other awsid daemons of this user (other AWS or proxy settings): ${CAP}, at most ${CAP} run at once\n`,
    );
  });

  it('a credential request of the ninth world says so and starts no daemon', async () => {
    const r = await world.sb.run(CP, worldEnv(CAP + 1));
    expect(r.stderr).toContain(`awsid: not starting an awsid daemon for this environment`);
    expect(await sockets()).toHaveLength(CAP);
  });

  it('once one stops, the ninth starts', async () => {
    expect((await world.sb.run(['daemon', 'stop'], worldEnv(1))).code).toBe(0);
    const r = await world.sb.run(['daemon', 'start'], worldEnv(CAP + 1));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await sockets()).toHaveLength(CAP);
  });
});
