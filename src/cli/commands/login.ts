/** `awsid login`: browser sign-in (PKCE) where a browser can answer, else the device code. */
import type { Argv } from 'yargs';

import type { Context } from '../context.js';

export interface LoginOptions {
  ssoSession: string | undefined;
  profile: string | undefined;
  browser: boolean;
  /** --use-device-code: the device flow even where a browser could answer. */
  useDeviceCode?: boolean | undefined;
  /** --redirect-port: PKCE with the loopback listener on this port (for `ssh -L`). */
  redirectPort?: number | undefined;
}

export function loginCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'login',
    describe:
      'Log in to an IAM Identity Center sso-session (browser sign-in here, else a device code)',
    builder: (y: Argv) =>
      y
        .option('sso-session', { type: 'string', describe: 'the [sso-session NAME] to log in to' })
        .option('profile', { type: 'string', describe: 'a profile whose sso_session to log in to' })
        .option('browser', {
          type: 'boolean',
          default: true,
          describe: 'open a browser (--no-browser: device code, the page and code only printed)',
        })
        .option('use-device-code', {
          type: 'boolean',
          default: false,
          describe: 'use the device code flow even where a browser here could sign in',
        })
        .option('redirect-port', {
          type: 'number',
          describe: 'browser sign-in with the 127.0.0.1 redirect on this port (for ssh -L)',
        })
        .conflicts('sso-session', 'profile')
        .example('$0 login --sso-session corp', '')
        .example('$0 login --profile dev --use-device-code', '')
        .example('$0 login --redirect-port 8400   # after ssh -L 8400:127.0.0.1:8400 host', ''),
    handler: async (argv: {
      ssoSession?: string | undefined;
      profile?: string | undefined;
      browser: boolean;
      useDeviceCode: boolean;
      redirectPort?: number | undefined;
    }) => {
      const { runLogin } = await import('./login-run.js');
      setExit(
        await runLogin(
          {
            ssoSession: argv.ssoSession,
            profile: argv.profile,
            browser: argv.browser,
            useDeviceCode: argv.useDeviceCode,
            redirectPort: argv.redirectPort,
          },
          ctx,
        ),
      );
    },
  };
}
