import { PassThrough } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { CancelledError } from '../../core/errors.js';
import { createTestIO } from '../../platform/io.js';
import { pickProfile } from './picker-tty.js';
import type { ServableProfile } from './servable-profiles.js';

const p = (name: string): ServableProfile => ({
  name,
  ssoSession: 'corp',
  accountId: '111111111111',
  roleName: 'ReadOnlyAccess',
  accountName: 'Sandbox',
  region: 'eu-west-1',
});
const PROFILES = [p('dev'), p('prod'), p('staging')];

/** A terminal stand-in: keys are written to `stdin`, the drawing is read back from err(). */
function terminal() {
  const stdin = new PassThrough();
  return { ...createTestIO(true), stdin };
}

describe('pickProfile on injected streams', () => {
  it('filters as keys arrive, moves with arrows, picks with Enter, draws only on stderr', async () => {
    const io = terminal();
    const picked = pickProfile(io, PROFILES);
    // "a" then backspace: the whole list again; Down twice from dev: staging.
    io.stdin.write('a');
    io.stdin.write('\x7f');
    io.stdin.write('\x1b[B');
    io.stdin.write('\x1b[B');
    io.stdin.write('\r');
    await expect(picked).resolves.toBe('staging');
    expect(io.out()).toBe('');
    expect(io.err()).toContain('> staging');
    // The picker erases itself when done.
    expect(io.err().endsWith('\x1b[J')).toBe(true);
  });

  it('Ctrl-C and the end of input cancel', async () => {
    const io = terminal();
    const cancelled = pickProfile(io, PROFILES);
    io.stdin.write('\x03');
    await expect(cancelled).rejects.toBeInstanceOf(CancelledError);
    const io2 = terminal();
    const ended = pickProfile(io2, PROFILES);
    io2.stdin.end();
    await expect(ended).rejects.toBeInstanceOf(CancelledError);
  });
});
