import { userInfo } from 'node:os';

/**
 * Facts about the current process, for src/daemon, which may not touch `process` (lint rule in
 * eslint.config.js). Functions, so importing this file does no work. (Lock-file helpers in
 * process-info.ts describe the same process for src/store.)
 */
export function currentPid(): number {
  return process.pid;
}

/** The effective uid, or undefined where POSIX ids do not exist (Windows). */
export function currentUid(): number | undefined {
  return typeof process.geteuid === 'function' ? process.geteuid() : undefined;
}

export function currentPlatform(): NodeJS.Platform {
  return process.platform;
}

/** The login name, used to name the Windows pipe. */
export function currentUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USERNAME ?? process.env.USER ?? 'user';
  }
}
