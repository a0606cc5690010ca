/** Names close to a mistyped one (edit distance), for "did you mean" in a one-line error. */

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

/** Up to `max` names within a third of the typed name's length (at least 2 edits), nearest first. */
export function closestNames(typed: string, names: readonly string[], max = 3): string[] {
  const limit = Math.max(2, Math.floor(typed.length / 3));
  return names
    .map((n) => ({ n, d: distance(typed.toLowerCase(), n.toLowerCase()) }))
    .filter((x) => x.d <= limit)
    .sort((x, y) => x.d - y.d || x.n.localeCompare(y.n))
    .slice(0, max)
    .map((x) => x.n);
}
