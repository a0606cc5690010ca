import type { PassThrough } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { CancelledError } from '../core/errors.js';
import { createTestIO } from './io.js';
import { promptSecret } from './prompt-secret.js';

describe('promptSecret', () => {
  it('reads the injected stdin up to Enter, with backspace, echoing nothing', async () => {
    const io = createTestIO(true);
    const answer = promptSecret(io, 'awsid passphrase: ');
    (io.stdin as PassThrough).write('secreX\u007ft\r');
    expect(await answer).toBe('secret');
    expect(io.err()).toBe('awsid passphrase: \n');
  });

  it('Ctrl-C is CancelledError (exit 130), not an internal error', async () => {
    const io = createTestIO(true);
    const answer = promptSecret(io, 'awsid passphrase: ');
    (io.stdin as PassThrough).write('abc\u0003');
    const e: unknown = await answer.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CancelledError);
    expect((e as CancelledError).exitCode).toBe(130);
    expect((e as CancelledError).message).toBe('cancelled at the passphrase prompt');
  });

  it('input that ends before Enter is CancelledError too', async () => {
    const io = createTestIO(true);
    const answer = promptSecret(io, 'awsid passphrase: ');
    (io.stdin as PassThrough).end('abc');
    await expect(answer).rejects.toBeInstanceOf(CancelledError);
  });
});
