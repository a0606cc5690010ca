/**
 * `awsid prompt`: `PROFILE Nm` (AWS_PROFILE and the whole minutes left on the credentials the
 * daemon holds for it), or just `PROFILE` when the daemon holds none, is not running or the
 * profile is not awsid's; nothing when AWS_PROFILE is unset. Reads the config and asks a running
 * daemon's `status` (no network, never starts a daemon), so it can run on every prompt.
 */
import { roleFromProfile } from '../../awsconfig/profile-role.js';
import { readAwsConfig } from '../../awsconfig/resolve.js';
import { terminalSafe } from '../../core/terminal-text.js';
import { daemonStatus } from '../../daemon/client/running-daemon.js';
import { daemonAddress } from '../../daemon/socket-path.js';
import type { Context } from '../context.js';

async function minutesLeft(ctx: Context, profile: string): Promise<number | undefined> {
  const cfg = await readAwsConfig(ctx.paths.awsConfigFile);
  const section = cfg.profiles.get(profile);
  if (!section) return undefined;
  const role = roleFromProfile(section, cfg.path);
  const { socketPath, world } = daemonAddress(ctx.env, ctx.paths);
  const status = await daemonStatus(socketPath, { clientVersion: ctx.version, world });
  const held = status?.service.cached.find(
    (c) =>
      c.ssoSession === role.ssoSession &&
      c.accountId === role.accountId &&
      c.roleName === role.roleName,
  );
  const left = held ? held.expiration - ctx.clock.now() : 0;
  return left > 0 ? Math.floor(left / 60_000) : undefined;
}

export async function runPrompt(ctx: Context): Promise<number> {
  const profile = ctx.env.AWS_PROFILE;
  if (!profile) return 0;
  // A prompt must never fail: anything unreadable just leaves the minutes out.
  const minutes = await minutesLeft(ctx, profile).catch(() => undefined);
  ctx.io.stdout.write(`${terminalSafe(profile)}${minutes === undefined ? '' : ` ${minutes}m`}\n`);
  return 0;
}
