/** `awsid daemon run|start|stop|status`: the per-user credential daemon's lifecycle. */
import type { Argv } from 'yargs';

import type { Context } from '../context.js';

export type DaemonAction = 'run' | 'start' | 'stop' | 'status';

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
          choices: ['run', 'start', 'stop', 'status'] as const,
          describe: 'run = in the foreground (systemd, launchd, tests)',
        })
        .option('idle-minutes', {
          type: 'number',
          default: 60,
          describe: 'exit after this long without a request',
        })
        .option('json', { type: 'boolean', default: false, describe: 'status as JSON on stdout' }),
    handler: async (argv: {
      action?: DaemonAction | undefined;
      idleMinutes: number;
      json: boolean;
    }) => {
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
