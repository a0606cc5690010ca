/**
 * `awsid exec --ecs-server` under a connection flood: 200 connections that never send a byte and
 * 20 that trickle one byte a second, reopened as soon as the endpoint closes them (any local user
 * can connect to 127.0.0.1), while the JS SDK's default chain in the child asks for credentials.
 */
import { describe, expect, it } from 'vitest';

import { PRELUDE, child, loggedInEcsWorld } from '../helpers/ecs-child.js';

const CHILD = `${PRELUDE}
import { connect } from 'node:net';
const open = new Set();
let stop = false;
let peak = 0;
const hold = (trickle) => {
  const s = connect({ host: '127.0.0.1', port: Number(uri.port) });
  let drip;
  s.on('connect', () => {
    open.add(s);
    peak = Math.max(peak, open.size);
    if (trickle) drip = setInterval(() => s.write('G'), 1000);
  });
  s.on('error', () => {});
  s.on('close', () => {
    clearInterval(drip);
    open.delete(s);
    if (!stop) setTimeout(() => hold(trickle), 50);
  });
};
for (let i = 0; i < 200; i++) hold(false);
for (let i = 0; i < 20; i++) hold(true);
// Until all 220 are open at once (bounded: 100 x 50 ms).
for (let i = 0; i < 100 && open.size < 220; i++) await sleep(50);
const out = { openBefore: open.size };
try {
  const creds = await fromNodeProviderChain()();
  out.secretAccessKey = creds.secretAccessKey;
} catch (e) {
  out.error = String(e && e.message);
}
out.openAfter = open.size;
out.peak = peak;
stop = true;
for (const s of open) s.destroy();
console.log(JSON.stringify(out));
process.exit(0);
`;

describe('awsid exec --ecs-server: idle connections cannot starve the endpoint', () => {
  const world = loggedInEcsWorld();

  it('200 silent and 20 trickling connections held open: the SDK in the child still gets its credentials', async () => {
    const w = world();
    const r = await w.sb.run(['exec', '--ecs-server', '--profile', 'dev', '--', ...child(CHILD)]);
    expect(r.code).toBe(0);
    const seen = JSON.parse(r.stdout) as {
      openBefore: number;
      openAfter: number;
      peak: number;
      secretAccessKey?: string;
      error?: string;
    };
    expect(seen.error).toBeUndefined();
    expect(w.fake.issuedSecrets()).toContain(seen.secretAccessKey);
    // The flood was really there while the SDK asked.
    expect(seen.peak).toBe(220);
    expect(seen.openBefore).toBeGreaterThanOrEqual(200);
  });
});
