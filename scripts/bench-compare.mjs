#!/usr/bin/env node
// `npm run bench:compare` (docs/benchmarks.md, "Side by side"): awsid against what else is on this
// machine, in one run, interleaved (A B C A B C ...), medians and ratios. (1) the credential_process
// call alone: `node -e 0` (the floor), awsid in both forms (and exec, env, prompt), a bare Node
// script printing the same document, the AWS CLI v2's `aws configure export-credentials` on its warm cache; (2) `aws sts
// get-caller-identity` against moto through each; (3) cold bursts of concurrent callers: wall
// time, GetRoleCredentials that reached the fake Identity Center, failures. Offline: every server
// is on 127.0.0.1. `node scripts/bench-compare.mjs [N] [--burst=50,200]` (N = 20).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

import {
  findAwsCliV2,
  honoursSsoEndpoint,
  writeRoleCache,
  writeTokenCache,
} from './bench-aws-cli-v2.mjs';
import {
  awsidBin,
  concurrently,
  CP_ARGS,
  fmt,
  interleaved,
  loggedInSandbox,
  median,
  moto,
  table,
  timeOnce,
} from './bench-lib.mjs';

const argv = process.argv.slice(2);
const n = Number(argv.find((a) => /^\d+$/.test(a)) ?? 20);
const burstArg = argv.find((a) => a.startsWith('--burst='));
// --burst=0 skips the bursts.
const bursts = (burstArg ? burstArg.slice(8) : '50')
  .split(',')
  .map(Number)
  .filter((size) => size > 0);
const node = process.execPath;
const ROLE = { session: 'corp', accountId: '111111111111', roleName: 'ReadOnlyAccess' };
const SESSION = {
  session: 'corp',
  startUrl: 'https://d-fake000001.awsapps.com/start',
  region: 'us-east-1',
};
const PROFILE_ARGS = ['credential-process', '--profile', 'sso'];
const PRINT = ['-e', 'process.stdout.write(process.env.BENCH_DOCUMENT)'];

const v2 = findAwsCliV2();
const skipped = [];
if (v2.reason) skipped.push(`AWS CLI v2 rows: ${v2.reason}`);
const motoWhy = moto.motoUnavailableReason();
if (motoWhy) skipped.push(`aws sts rows: ${motoWhy}`);

const config = `
[profile sso]
sso_session = corp
sso_account_id = ${ROLE.accountId}
sso_role_name = ${ROLE.roleName}
region = us-east-1

[profile awsid-explicit]
credential_process = ${node} ${awsidBin} ${CP_ARGS.join(' ')}
region = us-east-1

[profile awsid-profile]
credential_process = ${node} ${awsidBin} ${PROFILE_ARGS.join(' ')}
region = us-east-1

[profile node-print]
credential_process = ${node} ${PRINT[0]} '${PRINT[1]}'
region = us-east-1
`;

/** @typedef {import('./bench-lib.mjs').Command} Command */

/**
 * @param {number} a
 * @param {number} b
 */
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

/**
 * Interleaved runs of `commands`, printed with medians and ratios against the first one;
 * returns the sorted samples per label.
 * @param {string} title
 * @param {[Command, ...Command[]]} commands
 */
function compare(title, commands) {
  for (const c of commands) timeOnce(c.cmd, c.args, c.env, c.cwd); // unmeasured: caches, JIT
  const s = interleaved(commands, n);
  const base = median(s[commands[0].label]);
  const rows = [[title, 'median', `vs ${commands[0].label}`]];
  for (const c of commands)
    rows.push([c.label, fmt(median(s[c.label])), ratio(median(s[c.label]), base)]);
  console.log(`\n${table(rows)}`);
  return s;
}

const { sb, fake, close } = await loggedInSandbox(config);
const server = motoWhy ? undefined : await moto.startMoto();
try {
  const first = await sb.run(CP_ARGS); // starts the daemon: warm from here on
  if (first.code !== 0) throw new Error(`credential-process failed: ${first.stderr}`);
  const doc = JSON.parse(first.stdout);
  const env = { ...sb.env, BENCH_DOCUMENT: first.stdout, AWS_PAGER: '' };
  const cwd = sb.home;
  if (!v2.reason) writeRoleCache(sb.home, ROLE, doc);
  console.log(`N=${n} each, interleaved; node ${process.version}; ${new Date().toISOString()}`);

  // (1) The credential_process call alone.
  /** @type {[Command, ...Command[]]} */
  const one = [
    { label: 'node -e 0', cmd: node, args: ['-e', '0'], env, cwd },
    { label: 'awsid, explicit flags', cmd: node, args: [awsidBin, ...CP_ARGS], env, cwd },
    { label: 'awsid --profile', cmd: node, args: [awsidBin, ...PROFILE_ARGS], env, cwd },
    { label: 'bare node printing the JSON', cmd: node, args: PRINT, env, cwd },
    {
      label: 'awsid exec --profile -- node -e 0',
      cmd: node,
      args: [awsidBin, 'exec', '--profile', 'sso', '--', node, '-e', '0'],
      env,
      cwd,
    },
    {
      label: 'awsid env --profile',
      cmd: node,
      args: [awsidBin, 'env', '--profile', 'sso'],
      env,
      cwd,
    },
    {
      label: 'awsid prompt (AWS_PROFILE set)',
      cmd: node,
      args: [awsidBin, 'prompt'],
      env: { ...env, AWS_PROFILE: 'sso' },
      cwd,
    },
  ];
  let v2label;
  if (!v2.reason) {
    const args = ['configure', 'export-credentials', '--profile', 'sso', '--format', 'process'];
    v2label = `aws ${v2.text.split(' ')[0]} export-credentials`;
    one.push({
      label: v2label,
      cmd: v2.program,
      args,
      env,
      cwd,
    });
  }
  const m = compare('credential_process, warm', one);
  const floor = median(m['node -e 0']);
  const goal = median(m['awsid --profile']) / floor;
  console.log(
    `goal: awsid --profile <= 1.2x node -e 0: ${goal <= 1.2 ? 'met' : 'MISSED'} (${goal.toFixed(2)}x)`,
  );
  // exec's bound: the credential_process call plus the child's own start (here a `node -e 0`).
  const execBound = median(m['awsid --profile']) + floor;
  const exec = median(m['awsid exec --profile -- node -e 0']);
  console.log(
    `goal: awsid exec <= awsid --profile + node -e 0 (${fmt(execBound)}): ${exec <= execBound ? 'met' : 'MISSED'} (${fmt(exec)})`,
  );
  if (v2label !== undefined) {
    const v2median = median(m[v2label]);
    console.log(`${v2label} / awsid --profile: ${ratio(v2median, median(m['awsid --profile']))}`);
  }

  // (2) `aws sts get-caller-identity` through each.
  if (server) {
    const which = spawnSync('pyenv', ['which', 'aws'], { encoding: 'utf8' });
    const aws = v2.reason ? (which.status === 0 ? which.stdout.trim() : 'aws') : v2.program;
    const sts = ['sts', 'get-caller-identity', '--endpoint-url', server.url];
    const staticEnv = {
      ...env,
      AWS_ACCESS_KEY_ID: doc.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: doc.SecretAccessKey,
      AWS_SESSION_TOKEN: doc.SessionToken,
      AWS_DEFAULT_REGION: 'us-east-1',
    };
    /**
     * @param {string} label
     * @param {string} profile
     * @returns {Command}
     */
    const via = (label, profile) => ({
      label,
      cmd: aws,
      args: [...sts, '--profile', profile],
      env,
      cwd,
    });
    /** @type {[Command, ...Command[]]} */
    const rows = [
      { label: 'static env credentials', cmd: aws, args: sts, env: staticEnv, cwd },
      via('credential_process = awsid, explicit', 'awsid-explicit'),
      via('credential_process = awsid --profile', 'awsid-profile'),
      via('credential_process = bare node', 'node-print'),
    ];
    if (!v2.reason) rows.push(via('the CLI v2 own SSO, warm cache', 'sso'));
    const version = spawnSync(aws, ['--version'], { encoding: 'utf8' }).stdout.split(' ')[0];
    compare(`aws sts get-caller-identity (${version})`, rows);
  }

  // (3) Cold bursts: every caller at once, no daemon (awsid) or an empty cache (CLI v2).
  for (const size of bursts) await burst(size, env, cwd);
} finally {
  await close();
  await server?.close();
}
if (skipped.length) console.log(`\nskipped:\n${skipped.map((s) => `- ${s}`).join('\n')}`);

/**
 * @param {number} size
 * @param {NodeJS.ProcessEnv} env
 * @param {string} cwd
 */
async function burst(size, env, cwd) {
  const rows = [[`${size} callers at once`, 'wall time', 'GetRoleCredentials', 'failed']];
  /**
   * @param {string} label
   * @param {string} cmd
   * @param {readonly string[]} args
   * @param {() => unknown} [before]
   */
  const measure = async (label, cmd, args, before = () => {}) => {
    await before();
    const calls = fake.count('GetRoleCredentials');
    const r = await concurrently(size, cmd, args, env, cwd);
    const failed = r.results.filter((x) => x.code !== 0 || !x.stdout.includes('AccessKeyId'));
    rows.push([
      label,
      fmt(r.ms),
      String(fake.count('GetRoleCredentials') - calls),
      String(failed.length),
    ]);
    if (failed[0])
      console.log(
        `a failed ${label} call: exit ${failed[0].code}: ${failed[0].stderr.trim().split('\n').at(-1)}`,
      );
  };
  const floor = await concurrently(size, node, ['-e', '0'], env, cwd);
  rows.push(['node -e 0', fmt(floor.ms), '-', '-']);
  const stop = async () => void (await sb.run(['daemon', 'stop']));
  await measure('awsid, explicit, cold daemon', node, [awsidBin, ...CP_ARGS], stop);
  await measure('awsid --profile, cold daemon', node, [awsidBin, ...PROFILE_ARGS], stop);
  if (!v2.reason && honoursSsoEndpoint(v2)) {
    await writeTokenCache(sb.home, fake.url, SESSION);
    const args = ['configure', 'export-credentials', '--profile', 'sso', '--format', 'process'];
    await measure('aws v2 export-credentials, empty cache', v2.program, args, () =>
      rmSync(join(sb.home, '.aws', 'cli', 'cache'), { recursive: true, force: true }),
    );
  } else if (!v2.reason) {
    rows.push([
      `aws ${v2.text.split(' ')[0]}: skipped, needs 2.13+ (AWS_ENDPOINT_URL_SSO) to reach a local Identity Center`,
      '',
      '',
      '',
    ]);
  }
  console.log(`\n${table(rows)}`);
}
