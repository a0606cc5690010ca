import { planAdopt, type AdoptPlan } from '../../adopt/plan.js';
import type { Selection } from '../../adopt/select.js';
import { planUndo, type UndoPlan } from '../../adopt/undo.js';
import { unifiedDiff } from '../../awsconfig/diff.js';
import { assertConfigTrusted } from '../../awsconfig/config-trust.js';
import { loadConfigFile, withConfigLock } from '../../awsconfig/file.js';
import { configSyntaxError, displayPath } from '../../awsconfig/problems.js';
import { resolveConfig } from '../../awsconfig/resolve.js';
import { AwsidError } from '../../core/errors.js';
import { currentUid } from '../../platform/current-process.js';
import { awsidBinPath, nodeBinPath } from '../../platform/self.js';
import { endpointsFor, sameIssuer, storedIssuer } from '../../sso/issuer.js';
import type { Context } from '../context.js';
import type { AdoptOptions } from './adopt.js';
import { adoptReport, undoReport } from './adopt-report.js';
import { describeSession } from './status-run.js';

function selectionOf(opts: AdoptOptions): Selection {
  if (opts.profile !== undefined) return { kind: 'profile', name: opts.profile };
  if (opts.ssoSession !== undefined) return { kind: 'sso-session', name: opts.ssoSession };
  return opts.all ? { kind: 'all' } : { kind: 'auto' };
}

/**
 * The adopted sessions awsid is not logged in to here. Best effort: it never asks for a
 * passphrase just to say this, and a store it cannot read counts as "cannot tell" (none listed).
 */
async function notLoggedIn(ctx: Context, text: string, names: string[]): Promise<string[]> {
  try {
    const store = await ctx.store();
    if (store.kind === 'passphrase' && !ctx.env.AWSID_PASSPHRASE) return [];
    const state = await store.read();
    const cfg = resolveConfig(text, ctx.paths.awsConfigFile);
    const now = ctx.clock.now();
    return names.filter((n) => {
      const c = cfg.ssoSessions.get(n);
      const stored = state.sessions[n];
      if (!stored || !c?.startUrl || !c.region) return true;
      const here = { startUrl: c.startUrl, region: c.region, ...endpointsFor(c.region, ctx.env) };
      if (!sameIssuer(storedIssuer(stored), here)) return true;
      return !describeSession(n, stored, c, now).loggedIn;
    });
  } catch (e) {
    if (e instanceof AwsidError) return [];
    throw e;
  }
}

export async function runAdopt(opts: AdoptOptions, ctx: Context): Promise<number> {
  const path = ctx.paths.awsConfigFile;
  const shown = displayPath(path, ctx.paths.home);
  await assertConfigTrusted(path, { uid: currentUid(), home: ctx.paths.home });
  const selection = selectionOf(opts);
  const plan = (text: string): AdoptPlan | UndoPlan =>
    opts.undo
      ? planUndo(text, selection, shown)
      : planAdopt(text, { selection, shown, nodePath: nodeBinPath(), binPath: awsidBinPath() });
  let result: AdoptPlan | UndoPlan;
  let backupPath: string | undefined;
  if (opts.dryRun) {
    const file = await loadConfigFile(path);
    const bad = configSyntaxError(file.config, ctx.paths.home);
    if (bad) throw bad;
    result = plan(file.text);
    ctx.io.stdout.write(unifiedDiff(file.text, result.text, shown));
  } else {
    let planned: AdoptPlan | UndoPlan | undefined;
    const saved = await withConfigLock(
      path,
      (text) => {
        planned = plan(text);
        return planned.text;
      },
      { home: ctx.paths.home },
    );
    result = planned!;
    backupPath = saved.backupPath;
  }
  if ('restored' in result) {
    ctx.io.stderr.write(undoReport(result, selection, shown, opts.dryRun));
    return 0;
  }
  const sessions = [...new Set(result.adopted.map((c) => c.ssoSession))];
  const waiting = sessions.length > 0 ? await notLoggedIn(ctx, result.text, sessions) : [];
  ctx.io.stderr.write(
    adoptReport({
      plan: result,
      selection,
      shown,
      dryRun: opts.dryRun,
      backupPath,
      notLoggedIn: waiting,
    }),
  );
  return 0;
}
