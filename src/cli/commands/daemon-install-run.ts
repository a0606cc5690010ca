/**
 * `awsid daemon install [--uninstall] [--force]`: writes (or removes) the optional user service
 * for `awsid daemon run` and prints the command that loads it; it runs nothing itself.
 */
import { lstat, readFile, readlink, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';

import { UsageError } from '../../core/errors.js';
import { awsidHint } from '../../core/hints.js';
import { shellQuote } from '../../core/shell-quote.js';
import {
  isOurs,
  launchdPlist,
  LAUNCHD_LABEL,
  SERVICE_VARIABLES,
  systemdUnit,
  SYSTEMD_UNIT_NAME,
  type ServiceSpec,
} from '../../daemon/service-unit.js';
import { currentPlatform } from '../../platform/current-process.js';
import { daemonEnvironment } from '../../platform/daemon-env.js';
import { ensureDirOwned, writeFileAtomic } from '../../platform/secure-fs.js';
import { awsidBinPath, nodeBinPath } from '../../platform/self.js';
import type { Context } from '../context.js';

export interface DaemonInstallOptions {
  uninstall: boolean;
  force: boolean;
  idleMinutes: number;
}

export interface ServiceFile {
  path: string;
  text: (spec: ServiceSpec) => string;
  load: string[];
  unload: string[];
  /** systemd's enablement link to our unit, removed with it (what `systemctl disable` removes). */
  wantsLink?: string;
}

export function serviceFile(ctx: Context, platform: string): ServiceFile {
  const home = ctx.paths.home;
  if (platform === 'linux') {
    const xdg = ctx.env.XDG_CONFIG_HOME;
    const dir = join(xdg && isAbsolute(xdg) ? xdg : join(home, '.config'), 'systemd', 'user');
    return {
      path: join(dir, SYSTEMD_UNIT_NAME),
      text: systemdUnit,
      load: [
        `systemctl --user daemon-reload && systemctl --user enable --now ${SYSTEMD_UNIT_NAME}`,
      ],
      unload: [`systemctl --user stop ${SYSTEMD_UNIT_NAME}; systemctl --user daemon-reload`],
      wantsLink: join(dir, 'default.target.wants', SYSTEMD_UNIT_NAME),
    };
  }
  if (platform === 'darwin') {
    const path = join(home, 'Library', 'LaunchAgents', `${LAUNCHD_LABEL}.plist`);
    return {
      path,
      text: launchdPlist,
      load: [`launchctl bootstrap gui/"$(id -u)" ${shellQuote(path)}`],
      unload: [`launchctl bootout gui/"$(id -u)"/${LAUNCHD_LABEL}`],
    };
  }
  throw new UsageError(
    `awsid daemon install knows systemd (Linux) and launchd (macOS), not ${platform}; the daemon starts on demand without it`,
    { hint: awsidHint('daemon', 'status') },
  );
}

/** The text of `path` when it is a regular file, undefined when there is none; else refuses. */
async function existing(path: string, force: boolean): Promise<string | undefined> {
  const st = await lstat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (!st) return undefined;
  const text = st.isFile() ? await readFile(path, 'utf8') : '';
  if (!force && !(st.isFile() && isOurs(text))) {
    throw new UsageError(`${path} exists and was not written by awsid; leaving it alone`, {
      hint: `${awsidHint('daemon', 'install', '--force')}   (replaces or removes it)`,
    });
  }
  return text;
}

function spec(opts: DaemonInstallOptions, ctx: Context): ServiceSpec {
  const shellEnv = daemonEnvironment(ctx.env);
  const env: Record<string, string> = {};
  for (const name of SERVICE_VARIABLES) {
    const value = shellEnv[name];
    if (value !== undefined) env[name] = value;
  }
  return { node: nodeBinPath(), bin: awsidBinPath(), idleMinutes: opts.idleMinutes, env };
}

async function uninstall(file: ServiceFile, opts: DaemonInstallOptions, ctx: Context) {
  const out = (line: string) => ctx.io.stdout.write(`${line}\n`);
  if ((await existing(file.path, opts.force)) === undefined) {
    out(`no awsid service at ${file.path}; nothing to remove`);
    return 0;
  }
  await rm(file.path, { force: true });
  if (file.wantsLink && (await readlink(file.wantsLink).catch(() => '')) === file.path) {
    await rm(file.wantsLink, { force: true });
  }
  out(`removed ${file.path}`);
  out(`to stop the service now, run: ${file.unload.join(' && ')}`);
  return 0;
}

export async function runDaemonInstall(
  opts: DaemonInstallOptions,
  ctx: Context,
  platform: string = currentPlatform(),
): Promise<number> {
  const file = serviceFile(ctx, platform);
  if (opts.uninstall) return uninstall(file, opts, ctx);
  const out = (line: string) => ctx.io.stdout.write(`${line}\n`);
  const text = file.text(spec(opts, ctx));
  const before = await existing(file.path, opts.force);
  if (before === text) {
    out(`${file.path} is up to date`);
  } else {
    // 0600: the environment it records may hold a proxy URL with a password.
    await writeFileAtomic(file.path, text, 0o600, await ensureDirOwned(dirname(file.path)));
    out(`wrote ${file.path} (runs: awsid daemon run, with this shell's config and endpoints)`);
  }
  out(`to start it now and at every login, run: ${file.load.join(' && ')}`);
  return 0;
}
