/**
 * The one spawner of background processes: `awsid daemon run` (from the bundled fast client and
 * the full CLI alike), the warming `awsid credential-process` after `awsid use`, and the desktop
 * notification of a waiting auto-login (src/platform/desktop-notify.ts). node:child_process
 * is imported only here, when something is started: a warm call of the bundle never pays for it
 * (~1-5 ms of start-up; docs/benchmarks.md, "Where the hot path's time goes").
 */
import { daemonEnvironment } from './daemon-env.js';
import type { Env } from './env.js';

/** What the launcher may still ask about the process it started. */
export interface DetachedProcess {
  /** True once it has exited (or could not be spawned): stop waiting for it. */
  exited(): boolean;
}

/**
 * Starts `command` in the background, outliving its parent: its own process group (`detached`), no
 * stdio (a credential_process caller waits for our stdout to close; an inherited pipe would make it
 * hang until the daemon exits), the home directory as its working directory (never pinning the
 * caller's), unref'd so the parent can exit at once (eslint_d launcher). Spawn failures are
 * reported later as "did not start", never thrown here.
 */
export async function spawnDetached(
  command: string,
  args: readonly string[],
  env: Env,
): Promise<DetachedProcess> {
  const [{ spawn }, { homedir }] = await Promise.all([
    import('node:child_process'),
    import('node:os'),
  ]);
  let exited = false;
  const child = spawn(command, [...args], {
    detached: true,
    stdio: 'ignore',
    windowsHide: true,
    cwd: homedir(),
    env: { ...env },
  });
  child.on('error', () => (exited = true));
  child.on('exit', () => (exited = true));
  child.unref();
  return { exited: () => exited };
}

/**
 * This Node binary on `script` with `args`, detached as above. The parent's execArgv is not passed
 * on: an `--inspect` port would clash.
 */
export function spawnNodeDetached(
  script: string,
  args: readonly string[],
  env: Env,
): Promise<DetachedProcess> {
  return spawnDetached(process.execPath, [script, ...args], env);
}

/**
 * `awsid daemon run [args]` with the caller's environment minus its secrets (daemon-env.ts). `bin`
 * is bin/awsid.js: the bundle's entry passes its own path (a bundle has no import.meta).
 */
export function launchDaemon(
  env: Env,
  bin: string,
  args: readonly string[] = [],
): Promise<DetachedProcess> {
  return spawnNodeDetached(bin, ['daemon', 'run', ...args], daemonEnvironment(env));
}
