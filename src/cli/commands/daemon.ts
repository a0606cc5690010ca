/** `awsid daemon run|start|stop|status|install`: the per-user credential daemon's lifecycle. */
import type { Argv } from 'yargs';

import type { Context } from '../context.js';

export type DaemonAction = 'run' | 'start' | 'stop' | 'status' | 'install';

export interface DaemonOptions {
  action: DaemonAction;
  idleMinutes: number;
  json: boolean;
}

export function daemonCommand(ctx: Context, setExit: (code: number) => void) {
  return {
    command: 'daemon <action>',
    describe:
      'Run, start, stop or inspect the awsid daemon (started on demand by credential-process)',
    builder: (y: Argv) =>
      y
        .positional('action', {
          choices: ['run', 'start', 'stop', 'status', 'install'] as const,
          describe:
            'run = in the foreground (systemd, launchd, tests); install = write an optional systemd/launchd user service',
        })
        .option('idle-minutes', {
          type: 'number',
          default: 60,
          describe: 'exit after this long without a request',
        })
        .option('json', { type: 'boolean', default: false, describe: 'status as JSON on stdout' })
        .option('uninstall', { type: 'boolean', describe: 'install: remove the service file' })
        .option('force', {
          type: 'boolean',
          describe: 'install: replace a file awsid did not write',
        }),
    handler: async (argv: {
      action?: DaemonAction | undefined;
      idleMinutes: number;
      json: boolean;
      uninstall?: boolean | undefined;
      force?: boolean | undefined;
    }) => {
      if (argv.action === 'install') {
        const { runDaemonInstall } = await import('./daemon-install-run.js');
        const { idleMinutes, uninstall = false, force = false } = argv;
        return setExit(await runDaemonInstall({ idleMinutes, uninstall, force }, ctx));
      }
      const { runDaemon } = await import('./daemon-run.js');
      setExit(
        await runDaemon(
          { action: argv.action ?? 'status', idleMinutes: argv.idleMinutes, json: argv.json },
          ctx,
        ),
      );
    },
  };
}
