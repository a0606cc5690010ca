import type { Context } from '../context.js';
import { roleCredentials } from '../role-credentials.js';
import type { EnvOptions } from './env.js';
import { formatEnv } from '../../exec/env-format.js';
import { credentialVars } from '../../exec/exec-vars.js';

/** Prints secrets on stdout on purpose (that is the command); nothing on stderr when it works. */
export async function runEnv(opts: EnvOptions, ctx: Context): Promise<number> {
  const { role, creds } = await roleCredentials(ctx, opts, 'env');
  ctx.io.stdout.write(formatEnv(credentialVars(ctx.env, role, creds), opts.format));
  return 0;
}
