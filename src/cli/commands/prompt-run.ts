/**
 * `awsid prompt` through the full CLI (bin/awsid.js answers a plain `awsid prompt` from its
 * bundle, src/daemon/client/fast-prompt.ts): the same line, from the same code.
 */
import { promptLine, type PromptShell } from '../../daemon/client/fast-prompt.js';
import type { Context } from '../context.js';

export async function runPrompt(ctx: Context, shell?: PromptShell): Promise<number> {
  ctx.io.stdout.write(await promptLine(ctx.env, ctx.version, ctx.clock.now(), shell));
  return 0;
}
