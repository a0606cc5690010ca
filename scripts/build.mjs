#!/usr/bin/env node
// Build: tsc emits src/ to dist/ (one file per module, lazily imported by the CLI), then esbuild
// bundles the credential-process hot path alone (no yargs, no AWS SDK) into dist/fast/ as CommonJS.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
rmSync(`${root}dist`, { recursive: true, force: true });
const tsc = require.resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], {
  stdio: 'inherit',
});
if (r.status !== 0) process.exit(r.status ?? 1);

const { build } = await import('esbuild');
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
await build({
  entryPoints: [`${root}src/bin/fast-credential-process.ts`],
  // CommonJS, required by the CommonJS bin/awsid.js: an ES-module entry plus an import() of the
  // bundle cost ~12 ms of module-loader start-up per call, a tenth of Node's own (issue #3 §5,
  // docs/benchmarks.md).
  outfile: `${root}dist/fast/credential-process.cjs`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  // The full CLI compares this with the daemon's version in the handshake: one source of truth.
  define: { AWSID_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
