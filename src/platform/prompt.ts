/**
 * A line prompt for `awsid setup`: the question on stderr (stdout stays for data), the answer one
 * line of stdin. One reader serves every question, so answers typed ahead (or piped in by a test)
 * are not lost between questions. The terminal stays in cooked mode: the OS line editor handles
 * backspace and Ctrl-C.
 */
import { createInterface } from 'node:readline';

import { CancelledError } from '../core/errors.js';
import type { IO } from './io.js';

export interface Prompt {
  /** The typed line (trimmed), or `defaultValue` for an empty line. */
  ask(question: string, defaultValue?: string): Promise<string>;
  close(): void;
}

export function createLinePrompt(io: IO): Prompt {
  const rl = createInterface({ input: io.stdin, terminal: false });
  const lines: string[] = [];
  const waiting: Array<{ resolve: (l: string) => void; reject: (e: Error) => void }> = [];
  let ended = false;
  rl.on('line', (l) => {
    const w = waiting.shift();
    if (w) w.resolve(l);
    else lines.push(l);
  });
  rl.on('close', () => {
    ended = true;
    for (const w of waiting.splice(0)) w.reject(new CancelledError('input ended before an answer'));
  });
  const nextLine = (): Promise<string> => {
    const l = lines.shift();
    if (l !== undefined) return Promise.resolve(l);
    if (ended) return Promise.reject(new CancelledError('input ended before an answer'));
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
  return {
    async ask(question, defaultValue) {
      io.stderr.write(defaultValue ? `${question} [${defaultValue}]: ` : `${question}: `);
      const answer = (await nextLine()).trim();
      return answer === '' && defaultValue !== undefined ? defaultValue : answer;
    },
    close: () => rl.close(),
  };
}
