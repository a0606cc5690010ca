/**
 * `awsid uninstall [--dry-run] [--keep-profiles]`: everything awsid put on the machine, undone in
 * an order that leaves nothing broken if it stops half-way: first the config (one locked edit:
 * adoptions undone, so the AWS CLI's SSO profiles work again, then the generated profiles), then
 * the logins (revoked on the server), the daemon, the user service, the keychain item and the
 * state and runtime directories. Each step says what it did; `--dry-run` says what it would do.
 */
import { lstat, rm } from 'node:fs/promises';
import { resolve } from 'node:path';

import { assertConfigTrusted } from '../../awsconfig/config-trust.js';
import { unifiedDiff } from '../../awsconfig/diff.js';
import { loadConfigFile, withConfigLock } from '../../awsconfig/file.js';
import { configSyntaxError, displayPath } from '../../awsconfig/problems.js';
import { AwsidError } from '../../core/errors.js';
import { stopDaemon } from '../../daemon/client/running-daemon.js';
import { daemonAddress } from '../../daemon/socket-path.js';
import { currentPlatform, currentUid } from '../../platform/current-process.js';
import { napiKeychain } from '../../platform/keychain.js';
import { planRemoval, type RemovalPlan } from '../../adopt/remove-generated.js';
import { KEYCHAIN_SERVICE } from '../../store/key-keychain.js';
import { chooseStoreKind } from '../../store/key-provider.js';
import type { Context } from '../context.js';
import { serviceFile } from './daemon-install-run.js';
import { runLogout } from './logout-run.js';
import type { UninstallOptions } from './uninstall.js';

const KEYCHAIN_TIMEOUT_MS = 5000;

const exists = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  );

function configLines(plan: RemovalPlan, shown: string, would: string): string[] {
  const out: string[] = [];
  const restored = plan.undo.restored.map((p) => p.profile);
  out.push(
    restored.length > 0
      ? `${shown}: adoption ${would}undone for ${restored.join(', ')}`
      : `${shown}: no adopted profile`,
  );
  if (plan.removed.length > 0)
    out.push(`${shown}: ${plan.removed.length} generated profiles ${would}removed`);
  if (plan.kept.length > 0)
    out.push(`${shown}: ${plan.kept.length} generated profiles kept (--keep-profiles)`);
  return out;
}

/** The sessions stored here; [] when the store cannot be opened (nothing to log out of then). */
async function storedSessions(ctx: Context): Promise<string[] | string> {
  try {
    return Object.keys((await (await ctx.store()).read()).sessions).sort();
  } catch (e) {
    if (e instanceof AwsidError) return e.message;
    throw e;
  }
}

async function serviceStep(ctx: Context, dryRun: boolean): Promise<string> {
  let path: string;
  try {
    path = serviceFile(ctx, currentPlatform()).path;
  } catch {
    return 'no user service on this platform';
  }
  if (!(await exists(path))) return 'no awsid user service installed';
  if (dryRun) return `would remove the user service ${path}`;
  const { runDaemonInstall } = await import('./daemon-install-run.js');
  await runDaemonInstall({ uninstall: true, force: false, idleMinutes: 0 }, ctx);
  return `removed the user service ${path}`;
}

async function keychainStep(ctx: Context, dryRun: boolean): Promise<string | undefined> {
  if (chooseStoreKind(ctx.env) !== 'keychain') return undefined;
  const account = `data-key:${resolve(ctx.paths.stateDir)}`;
  if (dryRun) return `would remove the keychain item ${KEYCHAIN_SERVICE}/${account}`;
  try {
    const deleted = await napiKeychain().delete?.(
      KEYCHAIN_SERVICE,
      account,
      AbortSignal.timeout(KEYCHAIN_TIMEOUT_MS),
    );
    return deleted
      ? `removed the keychain item ${KEYCHAIN_SERVICE}/${account}`
      : `no keychain item ${KEYCHAIN_SERVICE}/${account}`;
  } catch (e) {
    return `could not remove the keychain item ${KEYCHAIN_SERVICE}/${account}: ${(e as Error).message}`;
  }
}

export async function runUninstall(opts: UninstallOptions, ctx: Context): Promise<number> {
  const path = ctx.paths.awsConfigFile;
  const shown = displayPath(path, ctx.paths.home);
  const err = (line: string) => ctx.io.stderr.write(`${line}\n`);
  const would = opts.dryRun ? 'would be ' : '';
  await assertConfigTrusted(path, { uid: currentUid(), home: ctx.paths.home });
  const file = await loadConfigFile(path);
  const bad = configSyntaxError(file.config, ctx.paths.home);
  if (bad) throw bad;
  const sessions = await storedSessions(ctx);
  const { socketPath, world } = daemonAddress(ctx.env, ctx.paths);
  const dirs = [ctx.paths.stateDir, ctx.paths.runtimeDir];
  if (opts.dryRun) {
    const plan = planRemoval(file.text, opts.keepProfiles, shown);
    ctx.io.stdout.write(unifiedDiff(file.text, plan.text, shown));
    configLines(plan, shown, would).forEach(err);
    if (typeof sessions === 'string') err(`would not log out: ${sessions}`);
    else if (sessions.length > 0) err(`would log out of ${sessions.join(', ')}`);
    err('would stop the awsid daemon of this shell, if one runs');
    err(await serviceStep(ctx, true));
    const key = await keychainStep(ctx, true);
    if (key) err(key);
    for (const d of dirs) if (await exists(d)) err(`would remove ${d}`);
    err('dry run: nothing changed');
    return 0;
  }
  let plan: RemovalPlan | undefined;
  if (file.exists) {
    const saved = await withConfigLock(
      path,
      (text) => {
        plan = planRemoval(text, opts.keepProfiles, shown);
        return plan.text;
      },
      { home: ctx.paths.home },
    );
    configLines(plan!, shown, would).forEach(err);
    if (saved.backupPath) err(`previous version kept as ${shown}.awsid.bak`);
  }
  if (typeof sessions === 'string') err(`not logged out: ${sessions}`);
  else if (sessions.length > 0)
    await runLogout({ all: true, ssoSession: undefined, profile: undefined }, ctx);
  const pid = await stopDaemon(socketPath, { clientVersion: ctx.version, world }).catch(
    () => undefined,
  );
  err(pid === undefined ? 'no awsid daemon running here' : `stopped the awsid daemon (pid ${pid})`);
  err(await serviceStep(ctx, false));
  const key = await keychainStep(ctx, false);
  if (key) err(key);
  for (const d of dirs) {
    if (!(await exists(d))) continue;
    await rm(d, { recursive: true, force: true });
    err(`removed ${d}`);
  }
  err('awsid is uninstalled from this account; now run: npm uninstall -g awsid');
  return 0;
}
