/**
 * `awsid credential-process`: the `credential_process` helper. The warm-daemon case never gets
 * here (bin/awsid.js runs the bundled fast client first); this is the slow path: resolve the
 * profile, start the daemon if needed, or do the work in-process.
 */
import type { Argv } from 'yargs';

import type { Context } from '../context.js';

export interface CredentialProcessOptions {
  ssoSession: string | undefined;
  accountId: string | undefined;
  roleName: string | undefined;
  profile: string | undefined;
  autoLogin: boolean;
  daemon: boolean;
}

export function credentialProcessCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'credential-process',
    describe: 'Print role credentials as credential_process JSON (for ~/.aws/config)',
    builder: (y: Argv) =>
      y
        .option('sso-session', { type: 'string', describe: 'the sso-session to use' })
        .option('account-id', { type: 'string', describe: 'the AWS account id' })
        .option('role-name', { type: 'string', describe: 'the permission set (role) name' })
        .option('profile', { type: 'string', describe: 'take the three values from this profile' })
        .option('auto-login', {
          type: 'boolean',
          default: false,
          describe: 'when the session has ended, run one browser login for all waiting callers',
        })
        .option('daemon', {
          type: 'boolean',
          default: true,
          describe: 'use the awsid daemon (--no-daemon does the work in this process)',
        })
        .example(
          'credential_process = awsid credential-process --sso-session corp --account-id 111122223333 --role-name ReadOnly',
          '',
        ),
    handler: async (argv: {
      ssoSession?: string | undefined;
      accountId?: string | undefined;
      roleName?: string | undefined;
      profile?: string | undefined;
      autoLogin: boolean;
      daemon: boolean;
    }) => {
      const { runCredentialProcess } = await import('./credential-process-run.js');
      setExit(
        await runCredentialProcess(
          {
            ssoSession: argv.ssoSession,
            accountId: argv.accountId,
            roleName: argv.roleName,
            profile: argv.profile,
            autoLogin: argv.autoLogin,
            daemon: argv.daemon,
          },
          ctx,
        ),
      );
    },
  };
}
