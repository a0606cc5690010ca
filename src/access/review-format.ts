/** The review as JSON, CSV (RFC 4180) and a table for people. */
import { terminalSafe } from '../core/terminal-text.js';
import type { Review, ReviewRow } from './review.js';

export function reviewJson(review: Review): string {
  return `${JSON.stringify(review, null, 2)}\n`;
}

const CSV_FIELDS = [
  'accountId',
  'accountName',
  'roleName',
  'firstSeen',
  'lastUsed',
  'unused',
  'change',
] as const;

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF, quotes doubled. Written here
 * because no CSV library is installed and this is the whole rule.
 */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A header line and one line per assignment, CRLF-terminated (RFC 4180); null is empty. */
export function reviewCsv(review: Review): string {
  const line = (cells: string[]) => `${cells.map(csvField).join(',')}\r\n`;
  const cell = (r: ReviewRow, f: (typeof CSV_FIELDS)[number]) => {
    const v = r[f];
    return v === null ? '' : String(v);
  };
  return (
    line([...CSV_FIELDS]) +
    review.assignments.map((r) => line(CSV_FIELDS.map((f) => cell(r, f)))).join('')
  );
}

const day = (iso: string) => iso.slice(0, 10);

/** "23 assignments, 4 unused for 90+ days, 2 added, 1 removed since 2026-08-30". */
export function reviewSummary(review: Review): string {
  const rows = review.assignments;
  const count = (p: (r: ReviewRow) => boolean) => rows.filter(p).length;
  const reachable = rows.filter((r) => r.change !== 'removed');
  const head = `${reachable.length} assignments, ${reachable.filter((r) => r.unused).length} unused for ${review.unusedDays}+ days`;
  if (review.previousReviewAt === null) return `${head} (first review: nothing to compare with)`;
  const added = count((r) => r.change === 'added');
  const removed = count((r) => r.change === 'removed');
  return `${head}, ${added} added, ${removed} removed since ${day(review.previousReviewAt)}`;
}

function marks(r: ReviewRow, unusedDays: number): string {
  const m: string[] = [];
  if (r.change === 'added' || r.change === 'removed') m.push(r.change.toUpperCase());
  if (r.unused && r.change !== 'removed') m.push(`UNUSED ${unusedDays}+ days`);
  return m.join(', ');
}

/** A table grouped by account; server-supplied names made safe for the terminal. */
export function reviewTable(review: Review): string {
  const groups = new Map<string, ReviewRow[]>();
  for (const r of review.assignments) {
    const g = groups.get(r.accountId) ?? [];
    g.push(r);
    groups.set(r.accountId, g);
  }
  const roleWidth = Math.max(4, ...review.assignments.map((r) => terminalSafe(r.roleName).length));
  const lines = [`sso-session ${terminalSafe(review.ssoSession)}, reviewed ${review.generatedAt}`];
  for (const [accountId, rows] of groups) {
    lines.push('', `${terminalSafe(rows[0]!.accountName)} (${terminalSafe(accountId)})`);
    for (const r of rows) {
      const used = r.lastUsed === null ? 'never used' : `last used ${day(r.lastUsed)}`;
      const flag = marks(r, review.unusedDays);
      const text = `  ${terminalSafe(r.roleName).padEnd(roleWidth)}  ${used.padEnd(20)}${flag ? `  ${flag}` : ''}`;
      lines.push(text.trimEnd());
    }
  }
  lines.push('', reviewSummary(review));
  return `${lines.join('\n')}\n`;
}
