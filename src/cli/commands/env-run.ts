import type { Context } from '../context.js';
import { getRoleCredentials } from '../get-credentials.js';
import { resolveRole } from '../resolve-role.js';
import type { EnvOptions } from './env.js';
import { formatEnv } from './env-format.js';
import { credentialVars } from './exec-vars.js';

/** Prints secrets on stdout on purpose (that is the command); nothing on stderr when it works. */
export async function runEnv(opts: EnvOptions, ctx: Context): Promise<number> {
  const role = await resolveRole(ctx, opts, 'env');
  const debug = ctx.env.AWSID_DEBUG
    ? (l: string) => ctx.io.stderr.write(`awsid: ${l}\n`)
    : () => {};
  const creds = await getRoleCredentials(ctx, role, {
    autoLogin: opts.autoLogin,
    useDaemon: true,
    debug,
  });
  ctx.io.stdout.write(formatEnv(credentialVars(ctx.env, role, creds), opts.format));
  return 0;
}
