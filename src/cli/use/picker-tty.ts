/**
 * The picker on a terminal: readline's keypress events on the injected stdin, drawn on stderr
 * (the shell function captures stdout). Node's own readline and ANSI cursor moves instead of a
 * prompt library: awsid's dependencies are fixed (package-lock.json), and filtering a list with
 * arrow keys needs nothing more. ECMA-48: CSI n A (cursor up), CSI J (erase below).
 */
import { emitKeypressEvents } from 'node:readline';
import type { Readable } from 'node:stream';

import { CancelledError } from '../../core/errors.js';
import type { IO } from '../../platform/io.js';
import { type Key, pickerKey, type PickerState, renderPicker } from './picker-model.js';
import type { ServableProfile } from './servable-profiles.js';

type TtyIn = Readable & { setRawMode?: (raw: boolean) => unknown; isRaw?: boolean };

/** Resolves with the chosen profile's name; CancelledError on Esc, Ctrl-C or end of input. */
export function pickProfile(io: IO, profiles: readonly ServableProfile[]): Promise<string> {
  const stdin = io.stdin as TtyIn;
  const columns = (io.stderr as { columns?: number }).columns ?? 80;
  const termRows = (io.stderr as { rows?: number }).rows ?? 24;
  const listRows = Math.max(3, Math.min(15, termRows - 5));
  let state: PickerState = { query: '', selected: 0 };
  let drawn = 0;
  const draw = (lines: string[]) => {
    const up = drawn ? `\x1b[${drawn}A\r` : '';
    io.stderr.write(`${up}\x1b[J${lines.map((l) => `${l}\n`).join('')}`);
    drawn = lines.length;
  };
  return new Promise((resolve, reject) => {
    const wasRaw = stdin.isRaw === true;
    const finish = (result: { name: string } | Error) => {
      stdin.off('keypress', onKey);
      stdin.off('end', onEnd);
      stdin.setRawMode?.(wasRaw);
      stdin.pause();
      draw([]);
      if (result instanceof Error) reject(result);
      else resolve(result.name);
    };
    const onKey = (str: string | undefined, key: Key | undefined) => {
      const step = pickerKey(profiles, state, str, key ?? {});
      if (step.kind === 'cancel') return finish(new CancelledError('no profile chosen'));
      if (step.kind === 'pick') return finish(step.profile);
      state = step.state;
      draw(renderPicker(profiles, state, listRows, columns));
    };
    const onEnd = () => finish(new CancelledError('input ended before a profile was chosen'));
    emitKeypressEvents(stdin);
    stdin.setRawMode?.(true);
    stdin.on('keypress', onKey);
    stdin.once('end', onEnd);
    stdin.resume();
    draw(renderPicker(profiles, state, listRows, columns));
  });
}
