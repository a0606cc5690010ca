/**
 * The two renderers: text grouped by subject (the setup as a whole, then each
 * sso-session, then each profile) with the fix under every warn/fail line, colours only on a TTY;
 * and JSON with exactly the public fields, for bug reports and scripts.
 */
import { terminalSafe } from '../core/terminal-text.js';
import type { CheckResult, CheckStatus } from './types.js';

export function toJson(results: readonly CheckResult[]): string {
  const checks = results.map(({ id, status, subject, message, fix }) => ({
    id,
    status,
    subject,
    message,
    fix,
  }));
  return `${JSON.stringify({ checks }, null, 2)}\n`;
}

function rank(subject: string): number {
  if (subject === 'sso-sessions' || subject.startsWith('sso-session ')) return 1;
  if (subject === 'profiles' || subject.startsWith('profile ')) return 2;
  return 0;
}

/** Groups in display order: whole-setup subjects as they came, then sessions, then profiles. */
export function groupResults(results: readonly CheckResult[]): [string, CheckResult[]][] {
  const groups = new Map<string, CheckResult[]>();
  for (const r of results) groups.set(r.subject, [...(groups.get(r.subject) ?? []), r]);
  const order = [...groups.keys()];
  const key = (s: string) => [rank(s), s === 'sso-sessions' || s === 'profiles' ? '' : s] as const;
  order.sort((a, b) => {
    const [ra, na] = key(a);
    const [rb, nb] = key(b);
    if (ra !== rb) return ra - rb;
    if (ra === 0) return 0; // keep the checks' order for the setup as a whole
    return na < nb ? -1 : na > nb ? 1 : 0;
  });
  return order.map((s) => [s, groups.get(s) as CheckResult[]]);
}

const COLOUR: Record<CheckStatus, string> = { ok: '32', warn: '33', fail: '31' };
const SYMBOL: Record<CheckStatus, string> = { ok: '✓', warn: '!', fail: '✗' };
const WORD: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

export function summarise(results: readonly CheckResult[]): string {
  const n = (s: CheckStatus) => results.filter((r) => r.status === s).length;
  const warns = n('warn');
  return `${n('fail')} failed, ${warns} warning${warns === 1 ? '' : 's'}, ${n('ok')} ok`;
}

export function toText(results: readonly CheckResult[], color: boolean): string {
  const paint = (s: CheckStatus, text: string) =>
    color ? `\x1b[${COLOUR[s]}m${text}\x1b[0m` : text;
  const bold = (text: string) => (color ? `\x1b[1m${text}\x1b[0m` : text);
  const lines = [`awsid doctor: ${summarise(results)}`];
  for (const [subject, rs] of groupResults(results)) {
    // Subjects, messages and fixes quote the config: shown, never acted on by the terminal.
    lines.push('', bold(terminalSafe(subject)));
    for (const r of rs) {
      const label = color ? paint(r.status, SYMBOL[r.status]) : WORD[r.status];
      lines.push(`  ${label} ${r.id}: ${terminalSafe(r.message)}`);
      if (r.status !== 'ok' && r.fix) {
        const [first, ...rest] = r.fix.split('\n').map(terminalSafe);
        const pad = ' '.repeat(color ? 4 : 7);
        lines.push(`${pad}fix: ${first}`, ...rest.map((l) => `${pad}     ${l}`));
      }
    }
  }
  const repairable = results.filter((r) => r.status !== 'ok' && r.repair).length;
  if (repairable > 0) {
    lines.push(
      '',
      `awsid doctor --fix can apply ${repairable} of these fixes (deletes, chmod, daemon stop).`,
    );
  }
  return `${lines.join('\n')}\n`;
}
