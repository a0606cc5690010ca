#!/usr/bin/env node
// `npm run bench:access [-- --accounts 1000 --roles 3 --rps 50]`: the BUILT awsid reviews
// 1,000 accounts x 3 roles (`awsid access --json`) from the fake Identity Center whose portal is
// throttled to 50 requests/s (token bucket, burst = one second). The review uses populate's
// paced listing, so it must list every assignment with no error in at most 1.3x the time the
// throttle itself imposes. Run `npm run build` first.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { register } from 'tsx/esm/api';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin/awsid.js');
if (!existsSync(join(root, 'dist/bin/awsid.js'))) {
  console.error('bench-access: run `npm run build` first');
  process.exit(2);
}
const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '1000' },
    roles: { type: 'string', default: '3' },
    rps: { type: 'string', default: '50' },
  },
});
const accounts = Number(values.accounts);
const roles = Number(values.roles);
const rps = Number(values.rps);

register();
const { startFakeIdc, generateAccounts } = await import('../test/fake-idc/index.ts');

const fake = await startFakeIdc({
  accounts: generateAccounts(accounts, roles),
  throttle: { portalRps: rps },
  person: { kind: 'approve', afterPolls: 0 },
  intervalSec: 1,
});
const dir = await mkdtemp(join(tmpdir(), 'awsid-bench-'));
const home = join(dir, 'home');
await mkdir(join(home, '.aws'), { recursive: true });
await writeFile(
  join(home, '.aws', 'config'),
  '[sso-session bench]\nsso_start_url = https://d-bench00001.awsapps.com/start\nsso_region = us-east-1\n',
);
const env = {
  PATH: process.env.PATH,
  HOME: home,
  TMPDIR: dir,
  AWSID_SECRET_STORE: 'passphrase',
  AWSID_PASSPHRASE: 'bench',
  AWS_ENDPOINT_URL_SSO: fake.url,
  AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  BROWSER: 'true',
};

function run(args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [bin, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - t0 }));
  });
}

const portalOps = new Set(['ListAccounts', 'ListAccountRoles']);
let failed = false;
try {
  const login = await run(['login', '--sso-session', 'bench', '--no-browser']);
  if (login.code !== 0) throw new Error(`login failed:\n${login.stderr}`);
  // One role served, so the review joins a usage record too.
  const cp = ['credential-process', '--sso-session', 'bench', '--account-id', '100000000000'];
  const served = await run([...cp, '--role-name', 'AdministratorAccess', '--no-daemon']);
  if (served.code !== 0) throw new Error(`credential-process failed:\n${served.stderr}`);

  const before = fake.log.length;
  const review = await run(['access', '--sso-session', 'bench', '--json']);
  const log = fake.log.slice(before).filter((e) => portalOps.has(e.operation));
  if (review.code !== 0) throw new Error(`access failed (${review.code}):\n${review.stderr}`);
  const doc = JSON.parse(review.stdout);
  const expected = accounts * roles;
  const rows = doc.assignments.length;
  const distinct = new Set(doc.assignments.map((a) => `${a.accountId}/${a.roleName}`)).size;
  const used = doc.assignments.filter((a) => !a.unused).length;

  // What the throttle imposes: every listing request needs a token; the bucket starts full
  // (one second's worth), then refills at `rps`.
  const needed = Math.ceil(accounts / 100) + accounts;
  const imposedS = Math.max(0, needed - rps) / rps;
  const got429 = log.filter((e) => e.status === 429).length;
  const reviewS = review.ms / 1000;
  const ratio = reviewS / imposedS;
  console.log(`accounts x roles         ${accounts} x ${roles} = ${expected} assignments`);
  console.log(`portal throttle          ${rps} requests/s (burst ${rps})`);
  console.log(`listing requests needed  ${needed} (ListAccounts pages + ListAccountRoles)`);
  console.log(`requests sent            ${log.length} (${got429} answered 429 and retried)`);
  console.log(`time imposed by throttle ${imposedS.toFixed(1)} s`);
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
  await run(['daemon', 'stop']).catch(() => undefined);
} finally {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
}
console.log(failed ? 'bench-access: FAIL' : 'bench-access: PASS');
process.exit(failed ? 1 : 0);
