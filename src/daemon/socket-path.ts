/**
 * Where the daemon listens. Pure and tiny on purpose: the hot-path client (fast-client.ts) and the
 * daemon both derive the path here, so they can never disagree (issue #3 §2).
 */
import { join } from 'node:path';

export const SOCKET_FILE_NAME = 'daemon.sock';
export const PID_FILE_NAME = 'daemon.pid';

/**
 * `<runtimeDir>/daemon.sock` on Unix; on Windows a named pipe per user, since pipes live in one
 * machine-wide namespace (`\\.\pipe\`) and not in the file system (Node net docs, "IPC support").
 */
export function socketPathFor(
  paths: { readonly runtimeDir: string },
  platform: string,
  user = 'user',
): string {
  if (platform === 'win32') return `\\\\.\\pipe\\awsid-${user.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  return join(paths.runtimeDir, SOCKET_FILE_NAME);
}

/** The pid file sits beside the socket (Windows: in the runtime directory, which still exists). */
export function pidFilePathFor(paths: { readonly runtimeDir: string }): string {
  return join(paths.runtimeDir, PID_FILE_NAME);
}

export function isNamedPipe(socketPath: string): boolean {
  return socketPath.startsWith('\\\\.\\pipe\\') || socketPath.startsWith('\\\\?\\pipe\\');
}
