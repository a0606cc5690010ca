/**
 * Reads a secret (the passphrase) from the injected stdin without echoing it: the terminal goes
 * to raw mode, so Ctrl-C arrives as a byte, not as SIGINT, and is turned into CancelledError
 * (exit 130, docs/errors.md) with the terminal restored.
 */
import type { ReadStream } from 'node:tty';

import { CancelledError } from '../core/errors.js';
import type { IO } from './io.js';

export function promptSecret(io: IO, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = io.stdin as IO['stdin'] & Partial<Pick<ReadStream, 'isRaw' | 'setRawMode'>>;
    io.stderr.write(question);
    let value = '';
    const wasRaw = stdin.isRaw ?? false;
    stdin.setRawMode?.(true);
    const done = (err?: Error) => {
      stdin.setRawMode?.(wasRaw);
      stdin.pause();
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      io.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CancelledError('cancelled at the passphrase prompt'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const onEnd = () => done(new CancelledError('input ended before the passphrase was typed'));
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}
