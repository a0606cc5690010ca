/** What `awsid adopt` says on stderr: one line per fact, every file-supplied name terminal-safe. */
import type { Candidate, Skipped } from '../../adopt/candidates.js';
import type { AdoptPlan } from '../../adopt/plan.js';
import type { Selection } from '../../adopt/select.js';
import type { UndoPlan } from '../../adopt/undo.js';
import { awsidHint, loginHint } from '../../core/hints.js';
import { terminalSafe } from '../../core/terminal-text.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function scope(sel: Selection): string {
  if (sel.kind === 'profile') return ` for profile '${sel.name}'`;
  if (sel.kind === 'sso-session') return ` of sso-session '${sel.name}'`;
  return '';
}

const target = (c: Candidate) =>
  `${c.profile} (sso-session ${c.ssoSession}, account ${c.accountId}, role ${c.roleName})`;

const skippedLine = (s: Skipped) => `skipped profile ${s.profile}: ${s.why}`;

export interface AdoptReportInput {
  plan: AdoptPlan;
  selection: Selection;
  shown: string;
  dryRun: boolean;
  backupPath?: string | undefined;
  /** Sessions of the adopted profiles that are not logged in (as far as awsid can tell). */
  notLoggedIn: readonly string[];
}

export function adoptReport(r: AdoptReportInput): string {
  const { plan } = r;
  const lines: string[] = [];
  if (plan.adopted.length === 0) {
    lines.push(`nothing to adopt in ${r.shown}: no AWS CLI SSO role profile${scope(r.selection)}`);
    lines.push(...plan.skipped.map(skippedLine));
    return `${lines.map(terminalSafe).join('\n')}\n`;
  }
  const verb = r.dryRun ? 'would adopt' : 'adopted';
  lines.push(`${r.shown}: ${verb} ${plural(plan.adopted.length, 'profile')}:`);
  lines.push(...plan.adopted.map((c) => `  ${target(c)}`));
  for (const s of plan.addedSessions) {
    lines.push(
      `${r.dryRun ? 'would add' : 'added'} [sso-session ${s.name}] (${s.startUrl}, ${s.region}) for the profiles that had sso_start_url`,
    );
  }
  lines.push(...plan.skipped.map(skippedLine));
  if (r.dryRun) lines.push('dry run: nothing written');
  else {
    if (r.backupPath) lines.push(`previous version kept as ${r.shown}.awsid.bak`);
    lines.push(`to switch back: ${awsidHint('adopt', '--undo')}`);
  }
  for (const name of r.notLoggedIn) {
    lines.push(`sso-session ${name} is not logged in to awsid yet; run: ${loginHint(name)}`);
  }
  return `${lines.map(terminalSafe).join('\n')}\n`;
}

export function undoReport(plan: UndoPlan, sel: Selection, shown: string, dryRun: boolean): string {
  if (plan.restored.length === 0) {
    return `${terminalSafe(`nothing to undo in ${shown}: no profile${scope(sel)} was adopted by awsid adopt`)}\n`;
  }
  const lines = [
    `${shown}: ${dryRun ? 'would restore' : 'restored'} ${plural(plan.restored.length, 'profile')}: ${plan.restored.map((p) => p.profile).join(', ')}`,
    ...plan.removedSessions.map(
      (n) => `${dryRun ? 'would remove' : 'removed'} [sso-session ${n}] (added by awsid adopt)`,
    ),
  ];
  if (dryRun) lines.push('dry run: nothing written');
  return `${lines.map(terminalSafe).join('\n')}\n`;
}
