import { PassThrough, type Readable, type Writable } from 'node:stream';

/** The three streams plus TTY facts. stdout is for data, stderr for people. */
export interface IO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

/** Prompting is allowed only when a person can answer: stdin and stderr are both terminals. */
export function canPrompt(io: IO): boolean {
  return io.stdinIsTTY && io.stderrIsTTY;
}

/** 128 + SIGPIPE: what the shell sees from `git log | head -1` and coreutils in that case. */
export const BROKEN_PIPE_EXIT = 141;

let brokenPipeHandled = false;

/**
 * `awsid ... | head -1`: the reader closed the pipe, so the next write fails with EPIPE (Node
 * ignores SIGPIPE) and an unhandled stream error would print a stack trace. Nobody reads any more:
 * stop at once, quietly, like a program killed by SIGPIPE. Other stream errors stay loud.
 */
function exitQuietlyOnBrokenPipe(): void {
  if (brokenPipeHandled) return;
  brokenPipeHandled = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      process.exit(BROKEN_PIPE_EXIT);
    });
  }
}

export function processIO(): IO {
  exitQuietlyOnBrokenPipe();
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: process.stdin.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
  };
}

/** In-memory streams for tests; read what was written with `out()` / `err()`. */
export function createTestIO(tty = false): IO & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return {
    stdin: new PassThrough(),
    stdout,
    stderr,
    stdinIsTTY: tty,
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    out: () => out,
    err: () => err,
  };
}
