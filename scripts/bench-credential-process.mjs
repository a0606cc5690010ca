#!/usr/bin/env node
// docs/benchmarks.md (a), hot path: median wall time of `awsid credential-process` with a WARM
// daemon vs `node -e 0`, interleaved in the same run. Goal: ratio <= 1.2. `node
// scripts/bench-credential-process.mjs [N]` (default 30). Run `npm run build` first.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  awsidBin,
  CP_ARGS,
  fmt,
  interleaved,
  loggedInSandbox,
  median,
  quantile,
  table,
} from './bench-lib.mjs';

const n = Number(process.argv[2] ?? 30);
const { sb, fake, close } = await loggedInSandbox();
const scratch = await mkdtemp(join(tmpdir(), 'awsid-bench-esm-'));
try {
  // Warm the daemon: started, role credentials cached (these runs are not measured).
  for (let i = 0; i < 3; i++) {
    const r = await sb.run(CP_ARGS);
    if (r.code !== 0) throw new Error(`credential-process failed: ${r.stderr}`);
  }
  // The floor of any ESM entry file (bin/awsid.js is one): shows what the module loader costs.
  const emptyEsm = join(scratch, 'empty.mjs');
  await writeFile(emptyEsm, '');
  const node = process.execPath;
  const s = interleaved(
    [
      { label: 'node -e 0', cmd: node, args: ['-e', '0'], env: sb.env, cwd: sb.home },
      { label: 'node empty.mjs', cmd: node, args: [emptyEsm], env: sb.env, cwd: sb.home },
      {
        label: 'credential-process (warm)',
        cmd: node,
        args: [awsidBin, ...CP_ARGS],
        env: sb.env,
        cwd: sb.home,
      },
    ],
    n,
  );
  const base = median(s['node -e 0']);
  const rows = [['command', 'median', 'p10', 'p90', 'vs node -e 0']];
  for (const [label, sorted] of Object.entries(s)) {
    rows.push([
      label,
      fmt(median(sorted)),
      fmt(quantile(sorted, 0.1)),
      fmt(quantile(sorted, 0.9)),
      `${(median(sorted) / base).toFixed(2)}x`,
    ]);
  }
  console.log(`hot path, N=${n} each, interleaved`);
  console.log(table(rows));
  const ratio = median(s['credential-process (warm)']) / base;
  console.log(
    `goal <= 1.20x: ${ratio <= 1.2 ? 'met' : 'MISSED'} (${ratio.toFixed(2)}x); GetRoleCredentials calls: ${fake.count('GetRoleCredentials')}`,
  );
} finally {
  await rm(scratch, { recursive: true, force: true });
  await close();
}
