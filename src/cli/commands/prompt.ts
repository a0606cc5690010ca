/** `awsid prompt`: the active profile and its credentials' minutes left, for a shell prompt. */
import type { Argv } from 'yargs';

import { PROMPT_SHELLS, type PromptShell } from '../../daemon/client/fast-prompt.js';
import type { Context } from '../context.js';

/** No option table: prompt takes only its positional, the shell (the fast client answers it too). */
export function promptCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'prompt [shell]',
    describe:
      'Print AWS_PROFILE and the minutes left on its cached credentials ("dev 42m"), for a prompt',
    builder: (y: Argv) =>
      y.positional('shell', {
        type: 'string',
        choices: PROMPT_SHELLS,
        describe: 'the prompt is for this shell (zsh: % escaped for prompt expansion)',
      }),
    handler: async (argv: { shell?: PromptShell | undefined }) => {
      const { runPrompt } = await import('./prompt-run.js');
      setExit(await runPrompt(ctx, argv.shell));
    },
  };
}
