import type { EditResult } from '../../awsconfig/file.js';
import { terminalSafe } from '../../core/terminal-text.js';
import type { Listing } from '../../populate/listing.js';
import type { PopulatePlan, StaleProfile } from '../../populate/plan.js';

export interface ReportInput {
  name: string;
  listing: Listing;
  plan: PopulatePlan;
  /** The config path as shown to the user. */
  shown: string;
  dryRun: boolean;
  saved?: EditResult;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function target(p: { accountId: string | undefined; roleName: string | undefined }): string {
  return `account ${p.accountId ?? '?'}, role ${p.roleName ?? '?'}`;
}

/** The summary on stderr: counts, and every profile skipped, removed or left stale, by name. */
export function populateReport(r: ReportInput): string {
  const { listing, plan, name } = r;
  const s = listing.stats;
  const would = r.dryRun ? 'would be ' : '';
  const lines = [
    `sso-session ${name}: ${plural(s.accounts, 'account')}, ${plural(s.assignments, 'role')} ` +
      `(${plural(s.requests, 'portal request')}, ${s.throttled} throttled and retried, ${(s.elapsedMs / 1000).toFixed(1)} s)`,
    `${r.shown}: ${plan.added.length} ${would}added, ${plan.updated.length} ${would}updated, ` +
      `${plan.removed.length} ${would}removed, ${plan.unchanged.length} unchanged` +
      (r.dryRun ? ' (dry run: nothing written)' : r.saved?.changed === false ? ' (no change)' : ''),
  ];
  if (plan.skipped.length > 0) {
    lines.push(
      `skipped ${plural(plan.skipped.length, 'profile')}: a profile of that name exists that awsid populate did not write for sso-session ${name}:`,
      ...plan.skipped.map(
        (p) =>
          `  ${p.name} (line ${p.line}; ${p.generatedFor ? `generated for sso-session ${p.generatedFor}` : 'hand-written'}): ${target(p)} not written`,
      ),
    );
  }
  const unassigned = plan.removed.filter((p) => p.renamedTo === undefined);
  const renamed = plan.removed.filter((p) => p.renamedTo !== undefined);
  if (unassigned.length > 0) {
    lines.push(
      `${would}removed (no longer assigned):`,
      ...unassigned.map((p: StaleProfile) => `  ${p.name} (${target(p)})`),
    );
  }
  if (renamed.length > 0) {
    lines.push(
      `${would}removed (the template now names them otherwise):`,
      ...renamed.map((p) => `  ${p.name} (${target(p)}): now ${p.renamedTo ?? '?'}`),
    );
  }
  if (plan.kept.length > 0) {
    lines.push(
      `kept ${plural(plan.kept.length, 'generated profile')} this run does not write:`,
      ...plan.kept.map(
        (p) =>
          `  ${p.name} (${target(p)}: ${
            p.renamedTo !== undefined
              ? `still assigned, now written as ${p.renamedTo}; --prune removes it`
              : p.stillAssigned
                ? 'still assigned, not written under another name'
                : p.accountId === undefined || p.roleName === undefined
                  ? 'its credential_process was edited'
                  : 'no longer assigned; --prune removes it'
          })`,
      ),
    );
  }
  if (listing.refused.length > 0) {
    lines.push(
      `the portal would not list the roles of ${plural(listing.refused.length, 'account')} (${listing.refused.join(', ')}); their profiles are left as they are`,
    );
  }
  // A name awsid cannot write safely leaves that one profile out, never the whole run (exit 0).
  for (const p of plan.unwritable) {
    lines.push(`awsid: warning: skipped ${target(p)} (profile ${p.name}): ${p.reason}`);
  }
  if (r.saved?.backupPath) lines.push(`previous version kept as ${r.shown}.awsid.bak`);
  // Role names come from the portal, profile names from the config: each line made terminal-safe.
  return `${lines.map(terminalSafe).join('\n')}\n`;
}
