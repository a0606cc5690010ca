#!/usr/bin/env node
// `npm run bench:populate [-- --accounts 1000 --roles 3 --rps 50]`: the BUILT awsid
// populates 1,000 accounts x 3 roles from the fake Identity Center whose portal is throttled to
// 50 requests/s (token bucket, burst = one second), and must finish with no error and no lost
// profile in at most 1.3x the time the throttle itself imposes. Run `npm run build` first.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { register } from 'tsx/esm/api';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin/awsid.js');
if (!existsSync(join(root, 'dist/bin/awsid.js'))) {
  console.error('bench-populate: run `npm run build` first');
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
const configFile = join(home, '.aws', 'config');
await writeFile(
  configFile,
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
const portalLog = () => fake.log.filter((e) => portalOps.has(e.operation));
let failed = false;
try {
  const login = await run(['login', '--sso-session', 'bench', '--no-browser']);
  if (login.code !== 0) throw new Error(`login failed:\n${login.stderr}`);

  const before = fake.log.length;
  const first = await run(['populate', '--sso-session', 'bench']);
  const log = fake.log.slice(before).filter((e) => portalOps.has(e.operation));
  if (first.code !== 0) throw new Error(`populate failed (${first.code}):\n${first.stderr}`);

  const text = await readFile(configFile, 'utf8');
  const found = new Set();
  for (const m of text.matchAll(/--account-id (\d{12}) --role-name (\S+)/g))
    found.add(`${m[1]}/${m[2]}`);
  const headers = (text.match(/^\[profile [^\]]+\]$/gm) ?? []).length;
  const expected = accounts * roles;

  const t1 = performance.now();
  const second = await run(['populate', '--sso-session', 'bench']);
  const secondMs = performance.now() - t1;
  const unchanged = (await readFile(configFile, 'utf8')) === text;

  // What the throttle imposes: every listing request needs a token; the bucket starts full
  // (one second's worth), then refills at `rps`.
  const needed = Math.ceil(accounts / 100) + accounts;
  const imposedS = Math.max(0, needed - rps) / rps;
  const ok429 = log.filter((e) => e.status === 429).length;
  const firstS = first.ms / 1000;
  const ratio = firstS / imposedS;
  console.log(`accounts x roles         ${accounts} x ${roles} = ${expected} profiles`);
  console.log(`portal throttle          ${rps} requests/s (burst ${rps})`);
  console.log(`listing requests needed  ${needed} (ListAccounts pages + ListAccountRoles)`);
  console.log(`requests sent            ${log.length} (${ok429} answered 429 and retried)`);
  console.log(`time imposed by throttle ${imposedS.toFixed(1)} s`);
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
  await run(['daemon', 'stop']).catch(() => undefined);
} finally {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
}
console.log(failed ? 'bench-populate: FAIL' : 'bench-populate: PASS');
process.exit(failed ? 1 : 0);
