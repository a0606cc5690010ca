/** What credential-process, exec and env share: the role their flags name, and its credentials. */
import type { RoleCredentials } from '../core/model.js';
import type { Context } from './context.js';
import { getRoleCredentials } from './get-credentials.js';
import { type ResolvedRole, resolveRole, type RoleFlags } from './resolve-role.js';

export async function roleCredentials(
  ctx: Context,
  opts: RoleFlags & { autoLogin: boolean },
  verb: string,
  useDaemon = true,
): Promise<{
  role: ResolvedRole;
  creds: RoleCredentials;
  /** The same request again (exec --ecs-server asks once per request of its child). */
  fetch: () => Promise<RoleCredentials>;
  debug: (line: string) => void;
}> {
  const role = await resolveRole(ctx, opts, verb);
  const debug = ctx.debug ? (l: string) => ctx.io.stderr.write(`awsid: ${l}\n`) : () => {};
  const fetch = () =>
    getRoleCredentials(ctx, role, { autoLogin: opts.autoLogin, useDaemon, debug });
  const creds = await fetch();
  return { role, creds, fetch, debug };
}
