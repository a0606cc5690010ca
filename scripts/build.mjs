#!/usr/bin/env node
// Build: tsc emits src/ to dist/ (one file per module, lazily imported by the CLI), then esbuild
// bundles the hot paths (credential-process; exec and env) alone (no yargs, no AWS SDK) into
// dist/fast/ as CommonJS.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
rmSync(`${root}dist`, { recursive: true, force: true });
const tsc = require.resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], {
  stdio: 'inherit',
});
if (r.status !== 0) process.exit(r.status ?? 1);

// The build identity: the package version plus a content hash of everything tsc emitted (the
// bundle below is built from the same sources). The daemon reports it in `hello` and clients
// compare it, so a rebuilt or upgraded awsid never talks to a daemon of an older build.
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const hash = createHash('sha256');
const dist = join(root, 'dist');
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => join(e.parentPath, e.name))
  .sort()) {
  hash.update(relative(dist, entry)).update('\0').update(readFileSync(entry)).update('\0');
}
const buildId = `${pkg.version}+${hash.digest('hex').slice(0, 12)}`;
writeFileSync(join(dist, 'build-id.json'), `${JSON.stringify({ version: buildId })}\n`);

const { build } = await import('esbuild');
// Two bundles of the hot paths: credential-process, and exec/env (which also need
// node:child_process and the env formats, so they do not weigh on credential-process).
for (const [entry, out] of [
  ['fast-credential-process.ts', 'credential-process.cjs'],
  ['fast-exec.ts', 'exec.cjs'],
]) {
  await build({
    entryPoints: [`${root}src/bin/${entry}`],
    // CommonJS, required by the CommonJS bin/awsid.js: an ES-module entry plus an import() of the
    // bundle cost ~12 ms of module-loader start-up per call, a tenth of Node's own
    // (docs/benchmarks.md).
    outfile: `${root}dist/fast/${out}`,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    // The full CLI reads the same identity from dist/build-id.json: one source of truth.
    define: { AWSID_VERSION: JSON.stringify(buildId) },
    logLevel: 'warning',
  });
}
