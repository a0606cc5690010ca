/**
 * "Did you mean" for a mistyped name (a profile, an sso-session): the candidates nearest by edit distance (case-insensitive),
 * plus any that contain the typed text, nearest first.
 */
import { terminalSafe } from './terminal-text.js';

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** At most `max` names within a third of the typed length (at least 2 edits), or containing it. */
export function closestNames(typed: string, candidates: Iterable<string>, max = 3): string[] {
  const t = typed.toLowerCase();
  const limit = Math.max(2, Math.floor(t.length / 3));
  const scored: Array<[number, string]> = [];
  for (const name of candidates) {
    const n = name.toLowerCase();
    const d = t !== '' && n.includes(t) ? 0.5 : distance(t, n);
    if (d <= limit) scored.push([d, name]);
  }
  scored.sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  return scored.slice(0, max).map(([, name]) => name);
}

/**
 * ` (did you mean 'acme'?)` for a message about an unknown name, or '' when nothing is close.
 * The names come from a config file: quoted and terminal-safe.
 */
export function didYouMean(typed: string, candidates: Iterable<string>): string {
  const near = closestNames(typed, candidates).map((n) => `'${terminalSafe(n)}'`);
  if (near.length === 0) return '';
  const last = near.pop();
  return ` (did you mean ${near.length ? `${near.join(', ')} or ${last}` : last}?)`;
}
