/**
 * Starts `awsid daemon run` detached from the bundled fast client (docs/benchmarks.md). Its modules
 * are imported only here, when no daemon answers: a warm call never pays for node:child_process
 * (~1-5 ms of start-up; docs/benchmarks.md, "Where the hot path's time goes"). Same spawn options
 * as spawn-detached.ts.
 */
import { daemonEnvironment } from './daemon-env.js';
import type { Env } from './env.js';
import type { DetachedProcess } from './spawn-detached.js';

/** `bin` is bin/awsid.js (the entry passes its own path: the bundle has no import.meta). */
export async function launchDaemon(env: Env, bin: string): Promise<DetachedProcess> {
  const [{ spawn }, { homedir }] = await Promise.all([
    import('node:child_process'),
    import('node:os'),
  ]);
  let exited = false;
  const child = spawn(process.execPath, [bin, 'daemon', 'run'], {
    detached: true,
    stdio: 'ignore',
    windowsHide: true,
    cwd: homedir(),
    env: daemonEnvironment(env),
  });
  child.on('error', () => (exited = true));
  child.on('exit', () => (exited = true));
  child.unref();
  return { exited: () => exited };
}
