#!/usr/bin/env node
// `npm run bench`: builds, then runs the three issue-3 benchmarks one after the other (they would
// disturb each other's timings in parallel). Figures and how to read them: docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
/**
 * @param {string} script
 * @param {string[]} args
 */
const run = (script, ...args) => {
  const r = spawnSync(process.execPath, [join(root, script), ...args], { stdio: 'inherit' });
  return r.status ?? 1;
};
if (run('scripts/build.mjs') !== 0) process.exit(1);
let failed = 0;
for (const script of [
  'bench-credential-process.mjs',
  'bench-aws-cli.mjs',
  'bench-concurrency.mjs',
]) {
  console.log(`\n== ${script}`);
  if (run(join('scripts', script)) !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
