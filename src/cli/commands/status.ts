/** `awsid status`: what is stored per sso-session, never a secret. */
import type { Argv } from 'yargs';

import type { Context } from '../context.js';

export interface StatusOptions {
  ssoSession: string | undefined;
  json: boolean;
}

export function statusCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'status',
    describe: 'Show each sso-session: logged in or not, token and registration expiry',
    builder: (y: Argv) =>
      y
        .option('sso-session', { type: 'string', describe: 'only this sso-session' })
        .option('json', { type: 'boolean', default: false, describe: 'print JSON on stdout' }),
    handler: async (argv: { ssoSession?: string | undefined; json: boolean }) => {
      const { runStatus } = await import('./status-run.js');
      setExit(await runStatus({ ssoSession: argv.ssoSession, json: argv.json }, ctx));
    },
  };
}
