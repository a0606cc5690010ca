/**
 * What can be wrong with an `sso_start_url` as written. The AWS CLI keys its caches by the exact
 * text (legacy token file: sha1 of the URL; registration: the URL is part of the key;
 * docs/protocol.md, "Token file names"), so spellings of one portal log in separately; quotes are
 * kept literally by both SDKs ("Line syntax").
 */
export interface StartUrlProblem {
  severity: 'warn' | 'fail';
  message: string;
}

/** Trailing `#/`, `#` and `/` removed, quotes and surrounding space dropped: for comparisons. */
export function normaliseStartUrl(url: string): string {
  let u = url
    .trim()
    .replace(/^(["'])(.*)\1$/, '$2')
    .trim();
  for (;;) {
    const next = u.replace(/#\/?$/, '').replace(/\/$/, '');
    if (next === u) return u;
    u = next;
  }
}

/** `https://d-123.portal.eu-west-1.app.aws/` → `eu-west-1` (the newer portal URLs name their region). */
export function startUrlRegion(url: string): string | undefined {
  return /^https:\/\/[^/]+\.portal\.([a-z]{2}(?:-[a-z]+)+-\d+)\.app\.aws(?:[/#?]|$)/i
    .exec(normaliseStartUrl(url))?.[1]
    ?.toLowerCase();
}

/** `<id>.awsapps.com/start`; GovCloud's `start.us-gov-home.awsapps.com/directory/...` is another shape. */
function isClassicPortal(u: URL): boolean {
  return /\.awsapps\.com$/i.test(u.hostname) && !/^start\./i.test(u.hostname);
}

export { REGION_RE } from '../core/region.js';

export function startUrlProblems(url: string): StartUrlProblem[] {
  const out: StartUrlProblem[] = [];
  if (/^["'].*["']$/.test(url)) {
    out.push({
      severity: 'fail',
      message: 'is in quotes; both SDKs keep the quotes as part of the URL',
    });
  }
  const inner = url.replace(/^(["'])(.*)\1$/, '$2');
  if (/\s/.test(inner)) {
    out.push({ severity: 'fail', message: 'contains whitespace' });
    return out;
  }
  let parsed: URL;
  try {
    parsed = new URL(inner);
  } catch {
    out.push({ severity: 'fail', message: 'is not a URL' });
    return out;
  }
  if (parsed.protocol !== 'https:') {
    out.push({ severity: 'fail', message: `uses ${parsed.protocol.replace(':', '')}, not https` });
  }
  if (/#\/?$/.test(inner)) {
    out.push({
      severity: 'warn',
      message:
        'ends with "#/" (copied from the browser); the AWS CLI keys its caches by the exact text, so this spelling logs in separately from the plain URL',
    });
  } else if (/\/$/.test(inner) && parsed.pathname !== '/') {
    out.push({
      severity: 'warn',
      message:
        'ends with "/"; the AWS CLI keys its caches by the exact text, so this spelling logs in separately from the URL without it',
    });
  }
  if (isClassicPortal(parsed) && !/^\/start\/?$/.test(parsed.pathname)) {
    out.push({
      severity: 'warn',
      message: 'is an awsapps.com portal whose path is not /start (the portal URL ends in /start)',
    });
  }
  return out;
}

/** The URL the fix suggests: https, no quotes, no trailing `#/` or `/`, `/start` on awsapps.com. */
export function suggestedStartUrl(url: string): string {
  let u = normaliseStartUrl(url)
    .replace(/\s+/g, '')
    .replace(/^http:\/\//i, 'https://');
  try {
    const p = new URL(u);
    if (isClassicPortal(p) && p.pathname !== '/start') {
      u = `${p.origin}/start`;
    }
  } catch {
    // Not a URL: the fix shows the placeholder text instead.
  }
  return u;
}
