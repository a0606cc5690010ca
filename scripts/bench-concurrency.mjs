#!/usr/bin/env node
// docs/benchmarks.md (c): 200 concurrent `awsid credential-process` calls against a COLD daemon
// with a valid token: all must succeed and exactly one GetRoleCredentials may reach the server.
// Reports the wall time, next to 200 concurrent `node -e 0` on the same machine (the floor). `node
// scripts/bench-concurrency.mjs [N]` (default 200). Run `npm run build` first.
import { awsidBin, concurrently, CP_ARGS, fmt, loggedInSandbox, table } from './bench-lib.mjs';

const n = Number(process.argv[2] ?? 200);
const { sb, fake, close } = await loggedInSandbox();
try {
  const status = await sb.run(['daemon', 'status', '--json']);
  if (JSON.parse(status.stdout).running) throw new Error('the daemon should not be running yet');
  const floor = await concurrently(n, process.execPath, ['-e', '0'], sb.env, sb.home);
  const cold = await concurrently(n, process.execPath, [awsidBin, ...CP_ARGS], sb.env, sb.home);
  const ok = cold.results.filter((r) => r.code === 0 && r.stderr === '').length;
  const keys = new Set(
    cold.results.filter((r) => r.code === 0).map((r) => JSON.parse(r.stdout).AccessKeyId),
  );
  const grc = fake.count('GetRoleCredentials');
  console.log(`${n} concurrent processes`);
  console.log(
    table([
      ['what', 'wall time', 'succeeded', 'GetRoleCredentials'],
      [`${n} x node -e 0`, fmt(floor.ms), '-', '-'],
      [`${n} x credential-process, cold daemon`, fmt(cold.ms), `${ok}/${n}`, String(grc)],
    ]),
  );
  console.log(`distinct access key ids served: ${keys.size}`);
  const met = ok === n && grc === 1;
  console.log(`goal (all succeed, exactly one GetRoleCredentials): ${met ? 'met' : 'MISSED'}`);
  if (!met) {
    const sample = cold.results.find((r) => r.code !== 0 || r.stderr !== '');
    if (sample) console.log(`a failed call: exit ${sample.code}: ${sample.stderr.trim()}`);
    process.exitCode = 1;
  }
} finally {
  await close();
}
