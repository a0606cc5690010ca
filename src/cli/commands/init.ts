/** `awsid init SHELL`: print the shell function that lets `awsid use` switch the current shell. */
import type { Argv } from 'yargs';

import type { Context } from '../context.js';
import { USE_SHELLS, type UseShell } from '../use/shell-statements.js';

/** No option table: init takes only its positional, the shell. */
export function initCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'init <shell>',
    describe: 'Print the shell function behind `awsid use` (load it from your shell rc file)',
    builder: (y: Argv) =>
      y
        .positional('shell', { choices: USE_SHELLS, describe: 'the shell to print it for' })
        .example('eval "$($0 init bash)"', 'in ~/.bashrc (zsh: init zsh in ~/.zshrc)')
        .example('$0 init fish | source', 'in ~/.config/fish/config.fish'),
    handler: async (argv: { shell?: UseShell | undefined }) => {
      const { shellInitScript } = await import('../use/shell-init.js');
      // yargs has already refused a missing or unknown shell (`<shell>`, `choices`).
      ctx.io.stdout.write(shellInitScript(argv.shell ?? 'bash'));
      setExit(0);
    },
  };
}
