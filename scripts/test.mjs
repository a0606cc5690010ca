#!/usr/bin/env node
// `npm test`: build, run every test with vitest (the unit, integration and e2e projects of
// vitest.config.ts, in one run), then print the plain `N passed, N failed` line CI reads (it does
// not read vitest's own summary). Arguments go to vitest: `npm run test:e2e` is this with
// `--project e2e`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const outDir = mkdtempSync(join(tmpdir(), 'awsid-test-report-'));
const report = join(outDir, 'report.json');
const vitest = join(root, 'node_modules/vitest/vitest.mjs');
const args = [
  vitest,
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
];
const run = spawnSync(process.execPath, [...args, ...process.argv.slice(2)], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
});

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests;
  failed = json.numFailedTests + (json.numRuntimeErrorTestSuites ?? 0);
  skipped = json.numPendingTests + json.numTodoTests;
  if (!json.success && failed === 0) failed = 1;
} catch {
  failed = Math.max(failed, 1);
}
rmSync(outDir, { recursive: true, force: true });
// In CI every test must run: a skip there means a missing tool hid a test, so it fails the run.
if (/^(1|true)$/i.test(process.env.CI ?? '') && skipped > 0) {
  console.log(
    `CI=${process.env.CI}: ${skipped} skipped test(s) count as failed (see the reasons above)`,
  );
  failed += skipped;
}
const code = run.status === 0 && failed === 0 ? 0 : 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(code);
