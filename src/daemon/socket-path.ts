/**
 * Where the daemon of a world listens. The hot-path client (fast-client.ts), the full client and
 * the daemon all derive the path here, so they can never disagree; the world's id is part of the
 * name (world.ts), so two worlds never share a daemon.
 */
import { join } from 'node:path';

import { currentPlatform, currentUserName } from '../platform/current-process.js';
import type { Env } from '../platform/env.js';
import type { Paths } from '../platform/paths.js';
import { worldOf } from './world.js';

export interface DaemonAddress {
  /** The world's id (world.ts). */
  world: string;
  /** The Unix socket (or Windows pipe) the daemon listens on. */
  socketPath: string;
  /** Holds the pid file and the spawn lock; the socket too, except on Windows. */
  runtimeDir: string;
  pidFile: string;
}

/**
 * `<runtimeDir>/daemon-<world>.sock` on Unix; on Windows a named pipe per user and world, since
 * pipes live in one machine-wide namespace (`\\.\pipe\`) and not in the file system (Node net
 * docs, "Identifying paths for IPC connections").
 */
export function socketPathFor(
  paths: { readonly runtimeDir: string },
  world: string,
  platform: string = currentPlatform(),
  user: string = platform === 'win32' ? currentUserName() : '',
): string {
  if (platform === 'win32') {
    return `\\\\.\\pipe\\awsid-${user.replace(/[^A-Za-z0-9._-]/g, '_')}-${world}`;
  }
  return join(paths.runtimeDir, `daemon-${world}.sock`);
}

/** The pid file sits beside the socket (Windows: in the runtime directory, which still exists). */
export function pidFilePathFor(paths: { readonly runtimeDir: string }, world: string): string {
  return join(paths.runtimeDir, `daemon-${world}.pid`);
}

/** Everything a client or the daemon needs to find the daemon of this environment's world. */
export function daemonAddress(
  env: Env,
  paths: Pick<Paths, 'awsConfigFile' | 'stateDir' | 'runtimeDir'>,
  platform: string = currentPlatform(),
): DaemonAddress {
  const world = worldOf(env, paths).id;
  return {
    world,
    socketPath: socketPathFor(paths, world, platform),
    runtimeDir: paths.runtimeDir,
    pidFile: pidFilePathFor(paths, world),
  };
}

export function isNamedPipe(socketPath: string): boolean {
  return socketPath.startsWith('\\\\.\\pipe\\') || socketPath.startsWith('\\\\?\\pipe\\');
}
