/**
 * `awsid credential-process`: the `credential_process` helper. The warm-daemon case never gets
 * here (bin/awsid.js runs the bundled fast client first); this is the slow path: resolve the
 * profile, start the daemon if needed, or do the work in-process.
 */
import type { Argv } from 'yargs';

import { type OptionsOf, optionsOf, yargsOptions } from '../../core/option-table.js';
import { CREDENTIAL_PROCESS_OPTIONS } from '../../core/role-options.js';
import type { Context } from '../context.js';

export type CredentialProcessOptions = OptionsOf<typeof CREDENTIAL_PROCESS_OPTIONS>;

export function credentialProcessCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'credential-process',
    describe: 'Print role credentials as credential_process JSON (for ~/.aws/config)',
    builder: (y: Argv) =>
      y
        .options(yargsOptions(CREDENTIAL_PROCESS_OPTIONS))
        .example('credential_process = awsid credential-process --profile NAME', '')
        .example(
          'credential_process = awsid credential-process --sso-session corp --account-id 111122223333 --role-name ReadOnly',
          '',
        ),
    handler: async (argv: Record<string, unknown>) => {
      const { runCredentialProcess } = await import('./credential-process-run.js');
      setExit(
        await runCredentialProcess(optionsOf(CREDENTIAL_PROCESS_OPTIONS, argv, ctx.env), ctx),
      );
    },
  };
}
