import type { PassThrough } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { CancelledError } from '../core/errors.js';
import { createTestIO } from './io.js';
import { createLinePrompt } from './prompt.js';

describe('createLinePrompt', () => {
  it('asks on stderr, keeps answers typed ahead, and uses the default for an empty line', async () => {
    const io = createTestIO(true);
    const stdin = io.stdin as PassThrough;
    stdin.write('  first  \n\nthird\n');
    const p = createLinePrompt(io);
    expect(await p.ask('One')).toBe('first');
    expect(await p.ask('Two', 'dflt')).toBe('dflt');
    expect(await p.ask('Three', 'x')).toBe('third');
    const fourth = p.ask('Four');
    stdin.write('late\n');
    expect(await fourth).toBe('late');
    expect(io.err()).toBe('One: Two [dflt]: Three [x]: Four: ');
    expect(io.out()).toBe('');
    p.close();
  });

  it('rejects with CancelledError when input ends', async () => {
    const io = createTestIO(true);
    const p = createLinePrompt(io);
    (io.stdin as PassThrough).end();
    await expect(p.ask('Name')).rejects.toBeInstanceOf(CancelledError);
  });
});
