/**
 * The e2e sandbox's browser ($BROWSER; xdg-open and the `open` package run it): it logs every URL
 * it is asked to open, and follows loopback http ones (the fake Identity Center's /authorize in
 * the PKCE flow) with plain GETs and their loopback redirects, as a browser would, appending one
 * line per followed page to the pages log: `<status> <h1 text>` (or `<status> <origin>` for a
 * redirect off 127.0.0.1), never the URL (a redirect carries the code). It never reaches beyond 127.0.0.1. With FAKE_BROWSER_MODE=forge it first sends a forged
 * callback (a wrong state) to the redirect URI, as another local program could, and logs
 * `forged <status>`.
 */
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const FOLLOW = `import { appendFileSync } from 'node:fs';
const [url, pagesLog] = process.argv.slice(2);
const log = (line) => appendFileSync(pagesLog, line + '\\n');
const title = (html) => /<h1>([^<]*)<\\/h1>/.exec(html)?.[1] ?? '';
try {
  if (process.env.FAKE_BROWSER_MODE === 'forge') {
    const forged = new URL(new URL(url).searchParams.get('redirect_uri'));
    forged.searchParams.set('code', 'forged-code');
    forged.searchParams.set('state', 'forged-state');
    const r = await fetch(forged);
    await r.text();
    log('forged ' + r.status);
  }
  // Redirects are followed only while they stay on 127.0.0.1 (a console sign-in ends in a 302
  // to an AWS console page, which is logged, not fetched).
  let next = url;
  for (let hop = 0; ; hop++) {
    const r = await fetch(next, { redirect: 'manual' });
    const body = await r.text();
    const location = r.headers.get('location');
    const target = location ? new URL(location, next) : undefined;
    if (!target || target.protocol !== 'http:' || target.hostname !== '127.0.0.1' || hop === 9) {
      log(r.status + ' ' + (target ? target.origin : title(body)));
      break;
    }
    next = target.href;
  }
} catch (e) {
  log('error ' + (e instanceof Error ? e.message : String(e)));
}
`;

export interface FakeBrowser {
  /** The executable for $BROWSER. */
  command: string;
  /** Every URL it was asked to open, one a line. */
  urlLog: string;
  /** One line per loopback page it followed. */
  pagesLog: string;
}

export async function writeFakeBrowser(dir: string): Promise<FakeBrowser> {
  const urlLog = join(dir, 'browser.log');
  const pagesLog = join(dir, 'browser-pages.log');
  const follow = join(dir, 'fake-browser-follow.mjs');
  const command = join(dir, 'fake-browser.sh');
  await writeFile(follow, FOLLOW);
  await writeFile(
    command,
    `#!/bin/sh\nprintf '%s\\n' "$1" >> '${urlLog}'\n` +
      `case "$1" in http://127.0.0.1:*) exec '${process.execPath}' '${follow}' "$1" '${pagesLog}' ;; esac\n`,
  );
  await chmod(command, 0o755);
  return { command, urlLog, pagesLog };
}
