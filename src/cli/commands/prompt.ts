/** `awsid prompt`: the active profile and its credentials' minutes left, for a shell prompt. */
import type { Context } from '../context.js';

export function promptCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'prompt',
    describe:
      'Print AWS_PROFILE and the minutes left on its cached credentials ("dev 42m"), for a prompt',
    handler: async () => {
      const { runPrompt } = await import('./prompt-run.js');
      setExit(await runPrompt(ctx));
    },
  };
}
