#!/usr/bin/env node
// Entry shim. CommonJS on purpose (bin/package.json): an ES-module entry costs ~8 ms of loader
// start-up and an import() of the bundle ~4 ms more, on a hot path whose goal is 1.2x `node -e 0`
// (docs/benchmarks.md). `credential-process`, `exec`, `env` and `prompt` first try the bundled fast client
// (a warm daemon answers in about Node start-up time); anything it does not handle falls through
// to the full CLI in dist/ (ES modules, imported).
// Type-checked through JSDoc (tsconfig.json, checkJs here only): the bundles and the full CLI are
// loaded by computed paths, so the check reads their types from src/bin, not the built dist/.
// @ts-check
'use strict';

/** @typedef {typeof import('../src/bin/fast-credential-process.js')} FastBundle */

/**
 * A fast bundle of dist/fast/.
 * @param {string} name
 * @returns {FastBundle}
 */
const bundle = (name) => require(`../dist/fast/${name}.cjs`);

/**
 * The bundled fast path for a command, if it has one.
 * @param {string | undefined} command
 * @returns {FastBundle | undefined}
 */
function fastPath(command) {
  switch (command) {
    case 'credential-process':
    case 'prompt':
      return bundle('credential-process');
    case 'exec':
    case 'env':
      return bundle('exec');
    default:
      return undefined;
  }
}

const FULL_CLI = '../dist/bin/awsid.js';

/** @param {string[]} argv */
async function main(argv) {
  const fast = fastPath(argv[0]);
  if (fast) {
    const code = await fast.runFast(argv, __filename);
    // exitCode, not exit(): stdout must be flushed to a pipe before the process ends.
    if (code !== 'fallback') return void (process.exitCode = code);
  }
  /** @type {typeof import('../src/bin/awsid.js')} */
  const { run } = await import(FULL_CLI);
  // A daemon the fast path launched and that did not come up is not launched again.
  await run({ fastStartFailed: fast ? fast.fastStartFailed() : false });
}

void main(process.argv.slice(2));
