import { AwsidError } from '../../core/errors.js';
import {
  formatCredentialProcessError,
  formatCredentialProcessOutput,
} from '../../credentials/credential-process-output.js';
import { fileAccessError } from '../../platform/file-access.js';
import type { Context } from '../context.js';
import { roleCredentials } from '../role-credentials.js';
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
  } catch (thrown) {
    const e = fileAccessError(thrown, ctx.paths.home) ?? thrown;
    if (!(e instanceof AwsidError)) throw e;
    ctx.io.stderr.write(formatCredentialProcessError(e.message, e.hint));
    if (ctx.debug && e.cause instanceof Error) {
      ctx.io.stderr.write(`  cause: ${e.cause.stack ?? e.cause.message}\n`);
    }
    return e.exitCode;
  }
}

async function credentialProcess(opts: CredentialProcessOptions, ctx: Context): Promise<number> {
  const { creds } = await roleCredentials(ctx, opts, 'credential-process', opts.daemon);
  ctx.io.stdout.write(formatCredentialProcessOutput(creds));
  return 0;
}
