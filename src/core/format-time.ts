/** `2026-11-28 09:15 UTC (in 7h 59m)`: absolute and relative, so logs and people both read it. */
export function formatWhen(ms: number, now: number): string {
  const iso = new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  return `${iso} UTC (${formatRelative(ms - now)})`;
}

export function formatRelative(deltaMs: number): string {
  const past = deltaMs < 0;
  let m = Math.round(Math.abs(deltaMs) / 60_000);
  const d = Math.floor(m / 1440);
  m -= d * 1440;
  const h = Math.floor(m / 60);
  m -= h * 60;
  const parts = d ? [`${d}d`, `${h}h`] : h ? [`${h}h`, `${m}m`] : [`${m}m`];
  return past ? `${parts.join(' ')} ago` : `in ${parts.join(' ')}`;
}
