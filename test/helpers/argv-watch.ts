/**
 * What another local user sees: every process's command line, read from /proc/<pid>/cmdline over
 * and over while a command runs (a poller in a tight loop, as an attacker would run). Collects the
 * distinct command lines so a test can check afterwards that no secret was ever among them.
 */
import { readdir, readFile } from 'node:fs/promises';

export interface ArgvWatch {
  /** Stops polling; resolves with every distinct command line seen (arguments joined by ' '). */
  stop(): Promise<string[]>;
}

async function snapshot(seen: Set<string>): Promise<void> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  await Promise.all(
    pids.map(async (pid) => {
      const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      if (raw) seen.add(raw.split('\0').join(' ').trim());
    }),
  );
}

export function watchArgv(): ArgvWatch {
  const seen = new Set<string>();
  let running = true;
  const loop = (async () => {
    while (running) await snapshot(seen);
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return [...seen];
    },
  };
}
