/**
 * Composition root: builds the real context, runs the parser, and turns errors into one line,
 * a hint and an exit code. The only place that formats errors (gh's ghcmd.Main).
 */
import { readFileSync } from 'node:fs';

import { AwsidError } from '../core/errors.js';
import { terminalSafe } from '../core/terminal-text.js';
import { systemBrowser } from '../platform/browser.js';
import { fileAccessError } from '../platform/file-access.js';
import { systemClock } from '../platform/clock-node.js';
import type { Env } from '../platform/env.js';
import { canPrompt, processIO, type IO } from '../platform/io.js';
import { promptSecret } from '../platform/prompt-secret.js';
import { resolvePaths } from '../platform/paths.js';
import type { StateStore } from '../store/state-store.js';
import type { Context } from './context.js';
import { debugWanted } from './parse-config.js';

/**
 * The build identity `<version>+<content hash>` that scripts/build.mjs writes beside the compiled
 * CLI (the bundled hot path has the same string built in); the package version when run from
 * source. The daemon handshake compares it.
 */
export function awsidVersion(): string {
  const read = (file: string) =>
    (JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as { version: string })
      .version;
  try {
    return read('../build-id.json');
  } catch {
    return read('../../package.json');
  }
}

/**
 * `interactive` is false for credential-process: the AWS CLI passes it the terminal's stdin but
 * captures its stderr, so a prompt would be invisible and hang the caller.
 */
export function createRealContext(env: Env = { ...process.env }, interactive = true): Context {
  const paths = resolvePaths(env);
  const io = processIO();
  let store: Promise<StateStore> | undefined;
  return {
    io,
    env,
    paths,
    clock: systemClock,
    browser: systemBrowser(env),
    version: awsidVersion(),
    store: () =>
      (store ??= import('../store/state-store.js').then(({ openStateStore }) =>
        openStateStore({
          env,
          paths,
          clock: systemClock,
          ...(interactive && canPrompt(io)
            ? { promptPassphrase: () => promptSecret(io, 'awsid passphrase: ') }
            : {}),
          daemonKey: () => import('./daemon-unlock.js').then((m) => m.keyFromDaemon(env, paths)),
        }),
      )),
  };
}

/** Prints `awsid: <message>` and `  run: <hint>`; returns the exit code. */
export function reportError(e: unknown, io: IO, debug: boolean, home?: string): number {
  if (home !== undefined) e = fileAccessError(e, home) ?? e;
  if (e instanceof AwsidError) {
    // Messages and hints quote names and values from the config and servers: the one
    // terminal-safe function shows their control characters instead of letting them act.
    io.stderr.write(`awsid: ${terminalSafe(e.message)}\n`);
    if (e.hint) io.stderr.write(`  run: ${terminalSafe(e.hint)}\n`);
    if (debug && e.cause)
      io.stderr.write(
        `  cause: ${e.cause instanceof Error ? e.cause.stack : JSON.stringify(e.cause)}\n`,
      );
    return e.exitCode;
  }
  const msg = e instanceof Error ? e.message : String(e);
  io.stderr.write(`awsid: internal error: ${terminalSafe(msg.split('\n')[0] ?? '')}\n`);
  io.stderr.write('  run: the same command with --debug, and file an issue with its output\n');
  if (debug && e instanceof Error) io.stderr.write(`${e.stack}\n`);
  return 1;
}

export async function main(
  argv: string[],
  ctx: Context = createRealContext({ ...process.env }, argv[0] !== 'credential-process'),
): Promise<number> {
  try {
    const { runParser } = await import('./parser.js');
    return await runParser(argv, ctx);
  } catch (e) {
    return reportError(e, ctx.io, debugWanted(argv, ctx.env), ctx.paths.home);
  }
}
