#!/usr/bin/env node
// Entry shim. CommonJS on purpose (bin/package.json): an ES-module entry costs ~8 ms of loader
// start-up and an import() of the bundle ~4 ms more, on a hot path whose goal is 1.2x `node -e 0`
// (docs/benchmarks.md). `credential-process`, `exec`, `env` and `prompt` first try the bundled fast client
// (a warm daemon answers in about Node start-up time); anything it does not handle falls through
// to the full CLI in dist/ (ES modules, imported).
'use strict';

/** The bundled fast path for a command, if it has one. */
function fastPath(command) {
  switch (command) {
    case 'credential-process':
    case 'prompt':
      return require('../dist/fast/credential-process.cjs');
    case 'exec':
    case 'env':
      return require('../dist/fast/exec.cjs');
    default:
      return undefined;
  }
}

async function main(argv) {
  const fast = fastPath(argv[0]);
  if (fast) {
    const code = await fast.runFast(argv, __filename);
    // exitCode, not exit(): stdout must be flushed to a pipe before the process ends.
    if (code !== 'fallback') return void (process.exitCode = code);
  }
  const { run } = await import('../dist/bin/awsid.js');
  // A daemon the fast path launched and that did not come up is not launched again.
  await run({ fastStartFailed: fast ? fast.fastStartFailed() : false });
}

void main(process.argv.slice(2));
