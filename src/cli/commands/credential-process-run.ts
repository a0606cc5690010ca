import { AwsidError } from '../../core/errors.js';
import {
  formatCredentialProcessError,
  formatCredentialProcessOutput,
} from '../../credentials/credential-process-output.js';
import type { Context } from '../context.js';
import { getRoleCredentials } from '../get-credentials.js';
import { resolveRole } from '../resolve-role.js';
import type { CredentialProcessOptions } from './credential-process.js';

/**
 * Never reads stdin (the JS SDK never closes it; docs/protocol.md, "Spawning and I/O") and never
 * prompts. A failure is one stderr line with the next command, as the fast path prints it
 * (docs/errors.md).
 */
export async function runCredentialProcess(
  opts: CredentialProcessOptions,
  ctx: Context,
): Promise<number> {
  try {
    return await credentialProcess(opts, ctx);
  } catch (e) {
    if (!(e instanceof AwsidError)) throw e;
    ctx.io.stderr.write(formatCredentialProcessError(e.message, e.hint));
    if (ctx.env.AWSID_DEBUG && e.cause instanceof Error) {
      ctx.io.stderr.write(`  cause: ${e.cause.stack ?? e.cause.message}\n`);
    }
    return e.exitCode;
  }
}

async function credentialProcess(opts: CredentialProcessOptions, ctx: Context): Promise<number> {
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
