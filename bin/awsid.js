#!/usr/bin/env node
// Entry shim. `credential-process` first tries the bundled fast client (a warm daemon answers in
// about Node start-up time); anything it does not handle falls through to the full CLI in dist/.
const argv = process.argv.slice(2);
let code = 'fallback';
if (argv[0] === 'credential-process') {
  const { runFast } = await import('../dist/fast/credential-process.mjs');
  code = await runFast(argv);
}
if (code === 'fallback') {
  const { run } = await import('../dist/bin/awsid.js');
  await run();
} else {
  // exitCode, not exit(): stdout must be flushed to a pipe before the process ends.
  process.exitCode = code;
}
