/*
 * The [sso-session] a legacy profile (`sso_start_url` + `sso_region` in the profile itself) is
 * given: an existing section with the same start URL and region when there is one, else a new name
 * from the start URL's host (`https://d-1234567890.awsapps.com/start` gives `d-1234567890`), made
 * unique with `-2`, `-3`... Same file, same names: profiles are taken in file order.
 */
import type { SsoSessionSection } from '../awsconfig/resolve.js';

/** Start URLs compare without a trailing `/` or `#/` (the portal's own links add them). */
export function sameStartUrl(a: string, b: string): boolean {
  const norm = (u: string) => u.trim().replace(/#\/?$/, '').replace(/\/+$/, '').toLowerCase();
  return norm(a) === norm(b);
}

/** A name both SDKs read in a header and no shell needs quoted: letters, digits, `.`, `_`, `-`. */
export function baseName(startUrl: string): string {
  let host = '';
  try {
    host = new URL(startUrl).hostname;
  } catch {
    // not a URL: the fallback below
  }
  const label = (host.split('.')[0] ?? '').replace(/[^A-Za-z0-9_.-]+/g, '-');
  const trimmed = label.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return trimmed === '' ? 'sso' : trimmed;
}

export interface LegacySession {
  name: string;
  startUrl: string;
  region: string;
  /** A section adopt adds to the file; false when an existing one matched. */
  added: boolean;
}

/**
 * The session for one legacy profile. `planned` holds the sessions chosen for earlier profiles of
 * this run, so two profiles with one start URL share one new section.
 */
export function legacySession(
  startUrl: string,
  region: string,
  existing: ReadonlyMap<string, SsoSessionSection>,
  planned: readonly LegacySession[],
): LegacySession {
  const same = (s: { startUrl?: string | undefined; region?: string | undefined }) =>
    s.startUrl !== undefined && sameStartUrl(s.startUrl, startUrl) && s.region === region;
  const found = [...existing.values()].find(same);
  if (found) return { name: found.name, startUrl, region, added: false };
  const sharing = planned.find(same);
  if (sharing) return sharing;
  const taken = (n: string) => existing.has(n) || planned.some((p) => p.name === n);
  const base = baseName(startUrl);
  let name = base;
  for (let i = 2; taken(name); i++) name = `${base}-${i}`;
  return { name, startUrl, region, added: true };
}
