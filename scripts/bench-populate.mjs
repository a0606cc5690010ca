#!/usr/bin/env node
// `npm run bench:populate [-- --accounts 1000 --roles 3 --rps 50]`: the BUILT awsid
// populates 1,000 accounts x 3 roles from the fake Identity Center whose portal is throttled to
// 50 requests/s (token bucket, burst = one second), and must finish with no error and no lost
// profile in at most 1.3x the time the throttle itself imposes. Run `npm run build` first.
import { readFile } from 'node:fs/promises';

import { printThrottle, throttledBench } from './bench-throttled.mjs';

const b = await throttledBench('bench-populate');
const { accounts, roles, run, configFile } = b;
let failed = false;
try {
  const before = b.fake.log.length;
  const first = await run(['populate', '--sso-session', 'bench']);
  const log = b.portalLog(before);
  if (first.code !== 0) throw new Error(`populate failed (${first.code}):\n${first.stderr}`);

  const text = await readFile(configFile, 'utf8');
  const found = new Set();
  for (const m of text.matchAll(/--account-id[= ](\d{12}) --role-name[= ](\S+)/g))
    found.add(`${m[1]}/${m[2]}`);
  const headers = (text.match(/^\[profile [^\]]+\]$/gm) ?? []).length;
  const expected = accounts * roles;

  const t1 = performance.now();
  const second = await run(['populate', '--sso-session', 'bench']);
  const secondMs = performance.now() - t1;
  const unchanged = (await readFile(configFile, 'utf8')) === text;

  const firstS = first.ms / 1000;
  const ratio = firstS / b.imposedS;
  console.log(`accounts x roles         ${accounts} x ${roles} = ${expected} profiles`);
  printThrottle(b, log);
  console.log(
    `populate wall time       ${firstS.toFixed(1)} s  (${ratio.toFixed(2)}x; limit 1.30x)`,
  );
  console.log(`profiles written         ${headers} headers, ${found.size} distinct account/role`);
  console.log(
    `second populate          ${(secondMs / 1000).toFixed(1)} s, file ${unchanged ? 'unchanged' : 'CHANGED'}`,
  );
  console.log(
    first.stderr
      .trim()
      .split('\n')
      .map((l) => `  | ${l}`)
      .join('\n'),
  );
  if (found.size !== expected || headers !== expected) {
    console.log(`FAIL: expected ${expected} profiles`);
    failed = true;
  }
  if (ratio > 1.3) {
    console.log('FAIL: slower than 1.3x the throttle');
    failed = true;
  }
  if (!unchanged || second.code !== 0) {
    console.log('FAIL: the second populate changed the file or failed');
    failed = true;
  }
} finally {
  await b.close();
}
console.log(failed ? 'bench-populate: FAIL' : 'bench-populate: PASS');
process.exit(failed ? 1 : 0);
