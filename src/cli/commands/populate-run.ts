import { unifiedDiff } from '../../awsconfig/diff.js';
import { assertConfigTrusted } from '../../awsconfig/config-trust.js';
import { loadConfigFile, withConfigLock } from '../../awsconfig/file.js';
import { displayPath } from '../../awsconfig/problems.js';
import { NotLoggedInError, UsageError } from '../../core/errors.js';
import { loginHint } from '../../core/hints.js';
import type { AccessToken } from '../../core/model.js';
import { currentUid } from '../../platform/current-process.js';
import { nodeBinPath, awsidBinPath } from '../../platform/self.js';
import { ACCOUNT_NAME_KEY, accountNameValue } from '../../populate/account-name.js';
import { credentialProcessLine } from '../../populate/command-line.js';
import { listAssignments, type Listing } from '../../populate/listing.js';
import { MARKER_KEY } from '../../populate/marker.js';
import { assignProfileNames } from '../../populate/names.js';
import { assignmentKey, planPopulate, type PlanOptions } from '../../populate/plan.js';
import { createPortalPages } from '../../populate/portal-pages.js';
import { isRegionName, unknownRegionWarning } from '../../core/region.js';
import { rememberTemplate, TEMPLATE_KEY, templateFor } from '../../populate/remembered-template.js';
import {
  extraProcessArgs,
  mergeExtras,
  parseProcessFlags,
  PROCESS_FLAGS_KEY,
  processFlagsFor,
  rememberProcessFlags,
  type ProcessFlags,
} from '../../populate/process-flags.js';
import { parseTemplate, type ProfileTemplate } from '../../populate/template.js';
import { PortalUnauthorizedError } from '../../sso/portal-errors.js';
import { createTokenService, type TokenService } from '../../sso/token-service.js';
import type { Context } from '../context.js';
import { sessionConfig } from '../../awsconfig/session-config.js';
import { pickSessionName, readConfigOrThrow } from '../select-session.js';
import { runLogin } from './login-run.js';
import type { PopulateOptions } from './populate.js';
import { populateReport } from './populate-report.js';
import { ssoDeps } from '../../sso/sso-deps.js';

export async function accessToken(
  ctx: Context,
  tokens: TokenService,
  opts: Pick<PopulateOptions, 'autoLogin' | 'browser'>,
  name: string,
  startUrl: string,
): Promise<AccessToken> {
  const stored = (await (await ctx.store()).read()).sessions[name];
  const otherPortal = stored?.token !== undefined && stored.startUrl !== startUrl;
  try {
    if (otherPortal) {
      throw new NotLoggedInError(
        `sso-session '${name}' is logged in to ${stored.startUrl}, but the config now says ${startUrl}`,
        { hint: loginHint(name) },
      );
    }
    return await tokens.getAccessToken(name);
  } catch (e) {
    if (!(e instanceof NotLoggedInError) || !opts.autoLogin) throw e;
    await runLogin({ ssoSession: name, profile: undefined, browser: opts.browser }, ctx);
    return tokens.getAccessToken(name);
  }
}

/** Every assignment the session's token may list; a token the portal refuses is refreshed once. */
export async function listSession(
  ctx: Context,
  tokens: TokenService,
  name: string,
  ssoRegion: string,
  first: AccessToken,
): Promise<Listing> {
  let token = first;
  const pages = createPortalPages(ssoRegion, ctx.env);
  const progress = ctx.io.stderrIsTTY
    ? (done: number, total: number) =>
        ctx.io.stderr.write(`\rlisting roles: ${done}/${total} accounts`)
    : undefined;
  const list = (t: AccessToken): Promise<Listing> =>
    listAssignments(pages, t.accessToken, {
      clock: ctx.clock,
      ...(progress && { onProgress: progress }),
    });
  let listing: Listing;
  try {
    listing = await list(token);
  } catch (e) {
    // The portal refused a token that looked valid (revoked, or the clock is off): refresh once.
    if (!(e instanceof PortalUnauthorizedError)) throw e;
    token = await tokens.getAccessToken(name, { forceRefresh: true });
    listing = await list(token);
  } finally {
    if (progress) ctx.io.stderr.write('\n');
  }
  return listing;
}

/**
 * The profiles populate wants for this listing, each with its credential_process line. In an
 * existing profile the user's own `region` and extra credential_process flags stay (an explicit
 * `--region` replaces the region); `flags` are added, and those no longer remembered removed.
 */
function planOptions(
  opts: PopulateOptions,
  listing: Listing,
  template: ProfileTemplate,
  name: string,
  region: string,
  flags: ProcessFlags,
): PlanOptions {
  const nodePath = nodeBinPath();
  const binPath = awsidBinPath();
  return {
    ssoSession: name,
    desired: assignProfileNames(listing.assignments, template, name).map((a) => {
      const accountName = accountNameValue(a.accountName);
      const target = { ...a, ssoSession: name };
      const line = (extra: string[]) => credentialProcessLine(nodePath, binPath, target, extra);
      return {
        name: a.profile,
        accountId: a.accountId,
        roleName: a.roleName,
        // The account name goes last: where an existing profile gains it too.
        entries: [
          [MARKER_KEY, name],
          ['credential_process', line(flags.flags)],
          ['region', region],
          ...(accountName === undefined ? [] : [[ACCOUNT_NAME_KEY, accountName] as const]),
        ],
        dropKeys: accountName === undefined ? [ACCOUNT_NAME_KEY] : [],
        update: {
          credential_process: (cur) => line(mergeExtras(extraProcessArgs(cur), flags)),
          ...(opts.region === undefined && { region: (cur) => cur ?? region }),
        },
      };
    }),
    assigned: new Set(listing.assignments.map((a) => assignmentKey(a.accountId, a.roleName))),
    unlistedAccounts: new Set(listing.refused),
    prune: opts.prune,
  };
}

export async function runPopulate(opts: PopulateOptions, ctx: Context): Promise<number> {
  // A bad --template is refused before the config is read or anything is asked.
  if (opts.template !== undefined) parseTemplate(opts.template);
  if (opts.processFlags !== undefined) parseProcessFlags(opts.processFlags);
  if (opts.region !== undefined && !isRegionName(opts.region)) {
    throw new UsageError(`--region '${opts.region}' does not look like an AWS region`, {
      hint: 'awsid populate --region eu-west-1',
    });
  }
  const unknown =
    opts.region === undefined ? undefined : unknownRegionWarning('--region', opts.region);
  if (unknown) ctx.io.stderr.write(`awsid: warning: ${unknown}\n`);
  await assertConfigTrusted(ctx.paths.awsConfigFile, { uid: currentUid(), home: ctx.paths.home });
  const cfg = await readConfigOrThrow(ctx);
  // AWS_PROFILE is not a way to name the session here: it may point at any profile.
  const name = pickSessionName(cfg, { ssoSession: opts.ssoSession }, {}, 'populate');
  const session = sessionConfig(cfg, name);
  const template = templateFor(cfg, name, opts.template);
  const flags = processFlagsFor(cfg, name, opts.processFlags);
  const store = await ctx.store();
  const sso = ssoDeps(ctx);
  const tokens = createTokenService({ store, ...sso, clock: ctx.clock });
  const token = await accessToken(ctx, tokens, opts, name, session.startUrl);
  const listing = await listSession(ctx, tokens, name, session.region, token);
  const planOpts = planOptions(opts, listing, template, name, opts.region ?? session.region, flags);
  const path = ctx.paths.awsConfigFile;
  const shown = displayPath(path, ctx.paths.home);
  // The profiles, then the --template and --process-flags remembered for the next plain populate.
  const remembered = { template: false, flags: false };
  const edit = (text: string) => {
    const plan = planPopulate(text, planOpts);
    const withTemplate =
      opts.template === undefined ? plan.text : rememberTemplate(plan.text, name, opts.template);
    const next =
      opts.processFlags === undefined
        ? withTemplate
        : rememberProcessFlags(withTemplate, name, flags.flags);
    remembered.template = withTemplate !== plan.text;
    remembered.flags = next !== withTemplate;
    return { plan, text: next };
  };
  const would = opts.dryRun ? 'would be ' : '';
  const rememberedLine = () =>
    (remembered.template
      ? `--template ${would}kept as ${TEMPLATE_KEY} in [sso-session ${name}] for the next populate\n`
      : '') +
    (remembered.flags
      ? flags.flags.length > 0
        ? `--process-flags ${would}kept as ${PROCESS_FLAGS_KEY} in [sso-session ${name}] for the next populate\n`
        : `${PROCESS_FLAGS_KEY} ${would}removed from [sso-session ${name}]\n`
      : '');
  if (opts.dryRun) {
    const { text } = await loadConfigFile(path);
    const { plan, text: next } = edit(text);
    ctx.io.stdout.write(unifiedDiff(text, next, shown));
    ctx.io.stderr.write(populateReport({ name, listing, plan, shown, dryRun: true }));
    ctx.io.stderr.write(rememberedLine());
    return 0;
  }
  let plan: ReturnType<typeof planPopulate> | undefined;
  const result = await withConfigLock(
    path,
    (text) => {
      const done = edit(text);
      plan = done.plan;
      return done.text;
    },
    { home: ctx.paths.home },
  );
  ctx.io.stderr.write(
    populateReport({ name, listing, plan: plan!, shown, dryRun: false, saved: result }),
  );
  ctx.io.stderr.write(rememberedLine());
  return 0;
}
