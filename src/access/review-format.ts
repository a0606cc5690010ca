/**
 * The review as JSON, CSV (RFC 4180, safe to open in a spreadsheet) and a table for people. A row
 * awsid cannot yet call used or unused says so in every format: `unused` null in JSON, "not
 * enough history (observing since DATE)" in the CSV's `unused` cell and in the table.
 */
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
  'observedSince',
  'change',
] as const;

/**
 * A spreadsheet reads a cell that starts with `=`, `+`, `-`, `@`, tab or CR as a formula (and a
 * portal account name is someone else's text). OWASP's CSV injection rule: prefix such a cell
 * with a single quote, and quote the cell (https://owasp.org/www-community/attacks/CSV_Injection).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF, quotes doubled; a would-be
 * formula neutralised as above. Written here because no CSV library is installed and this is
 * the whole rule.
 */
export function csvField(value: string): string {
  if (FORMULA_START.test(value)) return `"'${value.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const day = (iso: string) => iso.slice(0, 10);

/** What a row whose `unused` is null says instead. */
function notEnoughHistory(observedSince: string | null): string {
  const since =
    observedSince === null ? 'nothing recorded yet' : `observing since ${day(observedSince)}`;
  return `not enough history (${since})`;
}

/** A header line and one line per assignment, CRLF-terminated (RFC 4180); null is empty. */
export function reviewCsv(review: Review): string {
  const line = (cells: string[]) => `${cells.map(csvField).join(',')}\r\n`;
  const cell = (r: ReviewRow, f: (typeof CSV_FIELDS)[number]) => {
    const v = r[f];
    if (f === 'unused' && v === null) return notEnoughHistory(r.observedSince);
    return v === null ? '' : String(v);
  };
  return (
    line([...CSV_FIELDS]) +
    review.assignments.map((r) => line(CSV_FIELDS.map((f) => cell(r, f)))).join('')
  );
}

const DAY = 86_400_000;

/** "observing since 2026-12-01 (7 days)", or that nothing was recorded yet. */
function watching(review: Review): string {
  if (review.observedSince === null) return 'awsid has recorded no use of this sso-session yet';
  const days = Math.floor(
    (Date.parse(review.generatedAt) - Date.parse(review.observedSince)) / DAY,
  );
  return `observing since ${day(review.observedSince)} (${days} ${days === 1 ? 'day' : 'days'})`;
}

/**
 * "23 assignments, 4 unused for 90+ days, 2 added, 1 removed since 2026-08-30; observing since
 * 2026-05-02 (220 days)", with "N not enough history" while awsid has watched for less.
 */
export function reviewSummary(review: Review): string {
  const rows = review.assignments;
  const count = (p: (r: ReviewRow) => boolean) => rows.filter(p).length;
  const reachable = rows.filter((r) => r.change !== 'removed');
  const unknown = reachable.filter((r) => r.unused === null).length;
  const parts = [
    `${reachable.length} assignments`,
    `${reachable.filter((r) => r.unused === true).length} unused for ${review.unusedDays}+ days`,
  ];
  if (unknown > 0) parts.push(`${unknown} not enough history`);
  if (review.previousReviewAt === null) parts.push('no saved review to compare with');
  else {
    const added = count((r) => r.change === 'added');
    const removed = count((r) => r.change === 'removed');
    parts.push(`${added} added, ${removed} removed since ${day(review.previousReviewAt)}`);
  }
  return `${parts.join(', ')}; ${watching(review)}`;
}

function marks(r: ReviewRow, unusedDays: number): string {
  const m: string[] = [];
  if (r.change === 'added' || r.change === 'removed') m.push(r.change.toUpperCase());
  if (r.change !== 'removed') {
    if (r.unused === true) m.push(`UNUSED ${unusedDays}+ days`);
    if (r.unused === null) m.push(notEnoughHistory(r.observedSince));
  }
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
