/**
 * Warming after `awsid use P`: a detached `awsid credential-process --profile=P` (the fast path:
 * it starts the daemon when none runs and asks it for P), so the next `aws` call is answered from
 * the daemon's cache. Never waited for, its output discarded: a failure (not logged in, a locked
 * daemon) shows up as usual on that next call.
 */
import type { Env } from '../../platform/env.js';
import { daemonEnvironment } from '../../platform/daemon-env.js';
import { awsidBinPath } from '../../platform/self.js';
import { spawnNodeDetached } from '../../platform/launch-daemon.js';

export function warmProfile(env: Env, profile: string): void {
  // The caller's environment without secrets, paths made absolute (it runs in the home
  // directory); the passphrase stays, as for any credential_process caller of this shell, so a
  // locked passphrase-store daemon is unlocked the way the next `aws` call would unlock it.
  const childEnv = daemonEnvironment(env);
  if (env.AWSID_PASSPHRASE !== undefined) childEnv.AWSID_PASSPHRASE = env.AWSID_PASSPHRASE;
  delete childEnv.AWSID_SHELL;
  delete childEnv.AWSID_USE_PREVIOUS;
  // Not awaited: the pending import and spawn keep this process alive until the child is out.
  void spawnNodeDetached(
    awsidBinPath(),
    ['credential-process', `--profile=${profile}`],
    childEnv,
  ).catch(() => undefined);
}
