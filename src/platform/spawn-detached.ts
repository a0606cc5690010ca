import { spawn } from 'node:child_process';
import { homedir } from 'node:os';

import type { Env } from './env.js';

/** What the launcher may still ask about the process it started. */
export interface DetachedProcess {
  /** True once it has exited (or could not be spawned): stop waiting for it. */
  exited(): boolean;
}

export interface SpawnDetachedOptions {
  env?: Env;
  /** Defaults to the home directory so the daemon never pins the caller's working directory. */
  cwd?: string;
}

/**
 * Starts a background process that outlives its parent: its own process group (`detached`), no
 * stdio (a credential_process caller waits for our stdout to close; an inherited pipe would make it
 * hang until the daemon exits), and unref'd so the parent can exit at once (eslint_d launcher).
 * Spawn failures are reported later as "daemon did not start", never thrown here.
 */
export function spawnDetached(
  command: string,
  args: readonly string[],
  options: SpawnDetachedOptions = {},
): DetachedProcess {
  const child = spawn(command, [...args], {
    detached: true,
    stdio: 'ignore',
    windowsHide: true,
    cwd: options.cwd ?? homedir(),
    env: { ...(options.env ?? process.env) },
  });
  let exited = false;
  child.on('error', () => (exited = true));
  child.on('exit', () => (exited = true));
  child.unref();
  return { exited: () => exited };
}

/**
 * Spawns this Node binary on `script` with `args`, detached (how `awsid daemon run` is launched).
 * The parent's execArgv is not passed on: an `--inspect` port would clash.
 */
export function spawnNodeDetached(
  script: string,
  args: readonly string[],
  options: SpawnDetachedOptions = {},
): DetachedProcess {
  return spawnDetached(process.execPath, [script, ...args], options);
}
