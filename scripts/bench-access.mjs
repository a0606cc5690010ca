#!/usr/bin/env node
// `npm run bench:access [-- --accounts 1000 --roles 3 --rps 50]`: the BUILT awsid reviews
// 1,000 accounts x 3 roles (`awsid access --json`) from the fake Identity Center whose portal is
// throttled to 50 requests/s (token bucket, burst = one second). The review uses populate's
// paced listing, so it must list every assignment with no error in at most 1.3x the time the
// throttle itself imposes. Run `npm run build` first.
import { printThrottle, throttledBench } from './bench-throttled.mjs';

const b = await throttledBench('bench-access');
const { accounts, roles, run } = b;
let failed = false;
try {
  // One role served, so the review joins a usage record too.
  const cp = ['credential-process', '--sso-session', 'bench', '--account-id', '100000000000'];
  const served = await run([...cp, '--role-name', 'AdministratorAccess', '--no-daemon']);
  if (served.code !== 0) throw new Error(`credential-process failed:\n${served.stderr}`);

  const before = b.fake.log.length;
  const review = await run(['access', '--sso-session', 'bench', '--json']);
  const log = b.portalLog(before);
  if (review.code !== 0) throw new Error(`access failed (${review.code}):\n${review.stderr}`);
  /** @type {{ assignments: { accountId: string, roleName: string, unused: boolean }[] }} */
  const doc = JSON.parse(review.stdout);
  const expected = accounts * roles;
  const rows = doc.assignments.length;
  const distinct = new Set(doc.assignments.map((a) => `${a.accountId}/${a.roleName}`)).size;
  const used = doc.assignments.filter((a) => a.unused === false).length;
  const reviewS = review.ms / 1000;
  const ratio = reviewS / b.imposedS;
  console.log(`accounts x roles         ${accounts} x ${roles} = ${expected} assignments`);
  printThrottle(b, log);
  console.log(
    `access wall time         ${reviewS.toFixed(1)} s  (${ratio.toFixed(2)}x; limit 1.30x)`,
  );
  console.log(`rows in the review       ${rows} (${distinct} distinct, ${used} used)`);
  if (rows !== expected || distinct !== expected || used !== 1) {
    console.log(`FAIL: expected ${expected} distinct rows, one of them used`);
    failed = true;
  }
  if (ratio > 1.3) {
    console.log('FAIL: slower than 1.3x the throttle');
    failed = true;
  }
} finally {
  await b.close();
}
console.log(failed ? 'bench-access: FAIL' : 'bench-access: PASS');
process.exit(failed ? 1 : 0);
