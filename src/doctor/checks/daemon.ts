/**
 * daemon-not-running, daemon-version-mismatch: the per-user daemon behind awsid's
 * credential_process (docs/architecture.md). Neither is fatal: the client starts the daemon on
 * demand and replaces one of another version, and falls back to in-process work when it cannot.
 */
import { readPidFile } from '../../daemon/server/pid-file.js';
import type { CheckContext } from '../facts.js';
import { ok, warn } from '../result.js';
import type { Check } from '../types.js';

const SUBJECT = 'daemon';

export const daemonCheck: Check<CheckContext> = {
  id: 'daemon-not-running',
  async run(ctx) {
    const probe = await ctx.daemon.probe();
    if (probe.state === 'running') {
      const d = probe.daemon;
      if (d.version !== ctx.version) {
        return [
          warn(
            'daemon-version-mismatch',
            SUBJECT,
            `the daemon (pid ${d.pid}) runs awsid ${d.version}, this is ${ctx.version}: the next credential request replaces it, and waits while it does`,
            'awsid daemon stop   (or: awsid doctor --fix)',
            {
              describe: `stop the awsid ${d.version} daemon (pid ${d.pid})`,
              run: () => ctx.daemon.stop(),
            },
          ),
        ];
      }
      return [ok('daemon-not-running', SUBJECT, `running (pid ${d.pid}, awsid ${d.version})`)];
    }
    if (probe.state === 'untrusted') {
      return [
        warn(
          'daemon-untrusted',
          SUBJECT,
          `${probe.reason}: every credential request works without the daemon (slower)`,
          probe.fix ?? 'awsid doctor',
        ),
      ];
    }
    if (probe.state === 'unresponsive') {
      const pid = await readPidFile(ctx.daemon.pidFile);
      return [
        warn(
          'daemon-not-running',
          SUBJECT,
          `something holds the daemon socket in ${ctx.paths.runtimeDir} but does not answer: every credential request waits for it, then works without it`,
          pid ? `kill ${pid}` : `awsid daemon stop`,
        ),
      ];
    }
    const users = (await ctx.facts.profiles()).filter((p) => p.awsid !== undefined).length;
    const stale =
      probe.state === 'stale'
        ? ' (a socket file is left from a daemon that was killed; the next start removes it)'
        : '';
    if (users === 0) {
      return [
        ok(
          'daemon-not-running',
          SUBJECT,
          `not running; no profile uses awsid's credential_process${stale}`,
        ),
      ];
    }
    return [
      warn(
        'daemon-not-running',
        SUBJECT,
        `not running${stale}: the first credential request of your ${users} awsid profile${users === 1 ? '' : 's'} starts it, and waits for it`,
        'awsid daemon start',
      ),
    ];
  },
};
