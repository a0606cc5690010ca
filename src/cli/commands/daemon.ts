/** `awsid daemon run|start|stop|status|install`: the per-user credential daemon's lifecycle. */
import type { Argv } from 'yargs';

import { UsageError } from '../../core/errors.js';
import { awsidHint } from '../../core/hints.js';
import {
  type OptionsOf,
  type OptionTable,
  optionsOf,
  yargsOptions,
} from '../../core/option-table.js';
import { shellQuote } from '../../core/shell-quote.js';
import type { Context } from '../context.js';

export type DaemonAction = 'run' | 'start' | 'stop' | 'status' | 'install';

export const DEFAULT_IDLE_MINUTES = 60;
/** A week: far below Node's timer limit (2^31 - 1 ms, about 24.8 days), and past any idle gap worth keeping a daemon for. */
export const MAX_IDLE_MINUTES = 7 * 24 * 60;

/** The action is a positional, not an option (`awsid daemon start`). */
export const DAEMON_OPTIONS = {
  'idle-minutes': {
    // A string, so a bad value is quoted back as given (yargs would make it NaN).
    type: 'string',
    describe: `run, start, install: exit after this long without a request (default ${DEFAULT_IDLE_MINUTES}, at most ${MAX_IDLE_MINUTES})`,
  },
  json: { type: 'boolean', default: false, describe: 'status as JSON on stdout' },
  uninstall: { type: 'boolean', describe: 'install: remove the service file' },
  force: { type: 'boolean', describe: 'install: replace a file awsid did not write' },
} as const satisfies OptionTable;

/** What run, start, stop and status take (install takes src/cli/commands/daemon-install-run.ts's). */
export type DaemonOptions = Pick<OptionsOf<typeof DAEMON_OPTIONS>, 'json'> & {
  action: DaemonAction;
  /** `--idle-minutes`, checked; undefined: not given (DEFAULT_IDLE_MINUTES). */
  idleMinutes: number | undefined;
};

/** `--idle-minutes` for `run` and `start` only: a whole number of minutes, 1 to MAX_IDLE_MINUTES. */
export function idleMinutesOf(action: DaemonAction, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (action !== 'run' && action !== 'start' && action !== 'install') {
    throw new UsageError(
      `--idle-minutes applies to daemon start, run and install, not daemon ${action}`,
      {
        hint: awsidHint('daemon', action),
      },
    );
  }
  const given = /^[0-9]{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!(given >= 1 && given <= MAX_IDLE_MINUTES)) {
    throw new UsageError(
      `--idle-minutes must be a whole number of minutes from 1 to ${MAX_IDLE_MINUTES} (a week); got ${shellQuote(raw)}`,
      { hint: awsidHint('daemon', action, '--idle-minutes', String(DEFAULT_IDLE_MINUTES)) },
    );
  }
  return given;
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
        .options(yargsOptions(DAEMON_OPTIONS)),
    handler: async (argv: Record<string, unknown>) => {
      const opts = optionsOf(DAEMON_OPTIONS, argv, ctx.env);
      const action = (argv.action as DaemonAction | undefined) ?? 'status';
      const idleMinutes = idleMinutesOf(action, opts.idleMinutes);
      if (action === 'install') {
        const { runDaemonInstall } = await import('./daemon-install-run.js');
        const { uninstall = false, force = false } = opts;
        const idle = idleMinutes ?? DEFAULT_IDLE_MINUTES;
        return setExit(await runDaemonInstall({ idleMinutes: idle, uninstall, force }, ctx));
      }
      const { runDaemon } = await import('./daemon-run.js');
      setExit(await runDaemon({ action, idleMinutes, json: opts.json }, ctx));
    },
  };
}
