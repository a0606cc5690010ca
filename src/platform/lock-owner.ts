import { hostname } from 'node:os';

/** Who holds a lock file (pid, host), and is that holder still running. Used by src/store/file-lock.ts. */
export interface ProcessInfo {
  readonly pid: number;
  readonly host: string;
  /** True unless the OS says no such process (ESRCH); EPERM means it exists under another user. */
  isAlive(pid: number): boolean;
}

export const thisProcess: ProcessInfo = {
  pid: process.pid,
  host: hostname(),
  isAlive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code !== 'ESRCH';
    }
  },
};
