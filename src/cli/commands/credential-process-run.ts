import { formatCredentialProcessOutput } from '../../daemon/credential-process-output.js';
import type { Context } from '../context.js';
import { getRoleCredentials } from '../get-credentials.js';
import { resolveRole } from '../resolve-role.js';
import type { CredentialProcessOptions } from './credential-process.js';

/** Never reads stdin (the JS SDK never closes it; protocol sheet §6.2) and never prompts. */
export async function runCredentialProcess(
  opts: CredentialProcessOptions,
  ctx: Context,
): Promise<number> {
  const ref = await resolveRole(ctx, opts, 'credential-process');
  const debug = ctx.env.AWSID_DEBUG
    ? (l: string) => ctx.io.stderr.write(`awsid: ${l}\n`)
    : () => {};
  const creds = await getRoleCredentials(ctx, ref, {
    autoLogin: opts.autoLogin,
    useDaemon: opts.daemon,
    debug,
  });
  ctx.io.stdout.write(formatCredentialProcessOutput(creds));
  return 0;
}
