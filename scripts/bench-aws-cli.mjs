#!/usr/bin/env node
// docs/benchmarks.md (b): `aws sts get-caller-identity` through awsid's credential_process vs the
// same call with static credentials in the environment, against moto, interleaved. Goal: ratio <=
// 1.15. `node scripts/bench-aws-cli.mjs [N]` (default 15). Needs the aws CLI and python3 -m moto.
import { spawnSync } from 'node:child_process';

import {
  awsidBin,
  CP_ARGS,
  fmt,
  interleaved,
  loggedInSandbox,
  median,
  moto,
  quantile,
  table,
  timeOnce,
} from './bench-lib.mjs';

const n = Number(process.argv[2] ?? 15);
const why = moto.motoUnavailableReason();
if (why) {
  console.log(`bench-aws-cli: skipped: ${why}`);
  process.exit(0);
}
// The real program behind pyenv's shim: the shim's bash + pyenv exec would add the same ~50 ms
// to both sides and hide the difference being measured.
const which = spawnSync('pyenv', ['which', 'aws'], { encoding: 'utf8' });
const aws = which.status === 0 ? which.stdout.trim() : 'aws';

const server = await moto.startMoto();
// `floor`: the cheapest possible Node credential_process (prints a document handed to it in the
// environment): what any helper written in Node costs, awsid's own work excluded.
const profile = `
[profile bench]
credential_process = ${process.execPath} ${awsidBin} ${CP_ARGS.join(' ')}
region = us-east-1

[profile floor]
credential_process = ${process.execPath} -e 'process.stdout.write(process.env.BENCH_DOCUMENT)'
region = us-east-1
`;
const { sb, close } = await loggedInSandbox(profile);
try {
  const cp = await sb.run(CP_ARGS);
  if (cp.code !== 0) throw new Error(`credential-process failed: ${cp.stderr}`);
  const doc = JSON.parse(cp.stdout);
  const common = {
    ...sb.env,
    AWS_CONFIG_FILE: sb.configFile,
    AWS_SHARED_CREDENTIALS_FILE: `${sb.home}/.aws/credentials`,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_STS: server.url,
  };
  const floorEnv = { ...common, BENCH_DOCUMENT: cp.stdout };
  const staticEnv = {
    ...common,
    AWS_ACCESS_KEY_ID: doc.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: doc.SecretAccessKey,
    AWS_SESSION_TOKEN: doc.SessionToken,
  };
  const args = ['sts', 'get-caller-identity'];
  const commands = [
    { label: 'static env credentials', cmd: aws, args, env: staticEnv, cwd: sb.home },
    {
      label: 'credential_process = awsid',
      cmd: aws,
      args: [...args, '--profile', 'bench'],
      env: common,
      cwd: sb.home,
    },
    {
      label: 'credential_process = node -e (floor)',
      cmd: aws,
      args: [...args, '--profile', 'floor'],
      env: floorEnv,
      cwd: sb.home,
    },
  ];
  // One unmeasured round each (Python byte-code caches, moto's first request).
  for (const c of commands) timeOnce(c.cmd, c.args, c.env, c.cwd);
  const s = interleaved(commands, n);
  const base = median(s['static env credentials']);
  const rows = [['aws sts get-caller-identity', 'median', 'p10', 'p90', 'vs static']];
  for (const [label, sorted] of Object.entries(s)) {
    rows.push([
      label,
      fmt(median(sorted)),
      fmt(quantile(sorted, 0.1)),
      fmt(quantile(sorted, 0.9)),
      `${(median(sorted) / base).toFixed(2)}x`,
    ]);
  }
  console.log(`aws CLI (${aws}), N=${n} each, interleaved, moto at ${server.url}`);
  console.log(table(rows));
  const ratio = median(s['credential_process = awsid']) / base;
  const floor = median(s['credential_process = node -e (floor)']) / base;
  console.log(`goal <= 1.15x: ${ratio <= 1.15 ? 'met' : 'MISSED'} (${ratio.toFixed(2)}x)`);
  console.log(
    `a Node process that only prints the document costs ${floor.toFixed(2)}x here: awsid's own share is ${(ratio - floor).toFixed(2)}x`,
  );
} finally {
  await close();
  await server.close();
}
