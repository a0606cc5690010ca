import { setTimeout as sleep } from 'node:timers/promises';

import { probeDaemon } from '../../daemon/client/client.js';
import { stopDaemon } from '../../daemon/client/running-daemon.js';
import { daemonAddress } from '../../daemon/socket-path.js';
import { runDoctor } from '../../doctor/doctor.js';
import { fetchDate } from '../../doctor/http-date.js';
import type { DoctorContext } from '../../doctor/types.js';
import { currentUid } from '../../platform/current-process.js';
import { createOidcApi } from '../../sso/oidc-client.js';
import { createTokenService } from '../../sso/token-service.js';
import type { Context } from '../context.js';
import { ssoDeps } from '../../sso/sso-deps.js';
import type { DoctorCommandOptions } from './doctor.js';

/**
 * The PATH a GUI app or IDE may hand to the AWS CLI: launchd's default on macOS, and what is
 * left on Linux without ~/.bashrc additions (no nvm, ~/.local/bin, Homebrew). A command found
 * here is found by every caller.
 */
export const MINIMAL_PATH = '/usr/bin:/bin:/usr/sbin:/sbin';

/** The real doctor context over the command context. */
export function doctorContext(opts: DoctorCommandOptions, ctx: Context): DoctorContext {
  const { socketPath, world, pidFile } = daemonAddress(ctx.env, ctx.paths);
  const clientOptions = { clientVersion: ctx.version, world };
  return {
    env: ctx.env,
    paths: ctx.paths,
    clock: ctx.clock,
    version: ctx.version,
    offline: opts.offline,
    only: { profile: opts.profile, ssoSession: opts.ssoSession },
    minimalPath: MINIMAL_PATH,
    uid: currentUid(),
    openStore: () => ctx.store(),
    daemon: {
      pidFile,
      probe: () => probeDaemon(socketPath, clientOptions),
      stop: async () => {
        await stopDaemon(socketPath, clientOptions);
        // Wait until it has let go of the socket, so the re-check sees it gone.
        for (let i = 0; i < 40; i++) {
          if ((await probeDaemon(socketPath, clientOptions)).state !== 'running') return;
          await sleep(50);
        }
      },
    },
    oidcFor: (region) => createOidcApi(region, ctx.env, () => ctx.clock.now()),
    tokenService: async () =>
      createTokenService({ store: await ctx.store(), ...ssoDeps(ctx), clock: ctx.clock }),
    fetchDate,
    wait: async (ms, signal) => {
      await sleep(ms, undefined, { signal });
    },
  };
}

export async function runDoctorCommand(opts: DoctorCommandOptions, ctx: Context): Promise<number> {
  return runDoctor(
    doctorContext(opts, ctx),
    {
      json: opts.json,
      fix: opts.fix,
      color: ctx.io.stdoutIsTTY && !opts.json && !ctx.env.NO_COLOR,
    },
    {
      out: (text) => ctx.io.stdout.write(text),
      err: (text) => ctx.io.stderr.write(text),
    },
  );
}
