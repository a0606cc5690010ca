/**
 * A failed cold start of the bundled fast client is handed to the full CLI, which does not launch
 * the daemon a second time for the same call (src/cli/start-daemon.ts). The daemon here fails at
 * start-up: a preload (NODE_OPTIONS, inherited by every Node process of the call) counts each
 * `awsid daemon run` and makes it exit at once. The built CLI, real processes, a temp HOME.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CORP_CREDENTIAL_PROCESS as CP, CORP_DEV_CONFIG } from '../helpers/corp.js';
import { startWorld, type World } from '../helpers/world.js';

const PRELOAD = `
const { appendFileSync } = require('node:fs');
if (process.argv.slice(2).join(' ') === 'daemon run') {
  appendFileSync(process.env.LAUNCH_LOG, 'daemon run\\n');
  process.exit(1);
}
`;

describe('a failed fast start is not repeated by the full CLI', () => {
  let world: World;
  let env: Record<string, string>;
  let log: string;

  beforeAll(async () => {
    world = await startWorld({ config: CORP_DEV_CONFIG, env: { AWSID_SECRET_STORE: 'memory' } });
    const preload = join(world.sb.tmp, 'fail-daemon.cjs');
    log = join(world.sb.tmp, 'launches.log');
    await writeFile(preload, PRELOAD);
    env = { NODE_OPTIONS: `--require ${preload}`, LAUNCH_LOG: log };
  });
  afterAll(async () => world?.close());

  it.each([
    ['credential-process', CP],
    ['env', ['env', ...CP.slice(1)]],
  ])('%s launches the daemon once, then works without it', async (_name, args) => {
    await writeFile(log, '');
    const r = await world.sb.run(args, env);
    // The memory store holds no login: the in-process answer is "not logged in".
    expect(r.stderr).toContain('awsid login');
    expect(r.code).toBe(3);
    expect(await readFile(log, 'utf8')).toBe('daemon run\n');
  });
});
