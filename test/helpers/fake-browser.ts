/**
 * The e2e sandbox's browser ($BROWSER; xdg-open and the `open` package run it): it logs every URL
 * it is asked to open, and follows loopback http ones (awsid's one-shot pages, the fake Identity
 * Center's /authorize in the PKCE flow) with plain GETs and their loopback redirects, as a browser
 * would, keeping cookies for 127.0.0.1 (any port, as browsers do) by name and path. It appends one
 * line per followed page to the pages log: `<status> <h1 text>` (or `<status> <origin>` for a
 * redirect off 127.0.0.1), never the URL (a redirect carries the code). It never reaches beyond
 * 127.0.0.1. FAKE_BROWSER_MODE=forge first sends a forged callback (a wrong state) to awsid's
 * callback path, as another local program could, and logs `forged <status>`;
 * FAKE_BROWSER_MODE=nocookie sends the real callback (right code and state) once without its
 * cookies, as a program that learnt them would, logs `forged <status>`, then goes on as a browser.
 */
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const FOLLOW = `import { appendFileSync } from 'node:fs';
const [url, pagesLog] = process.argv.slice(2);
const mode = process.env.FAKE_BROWSER_MODE;
const log = (line) => appendFileSync(pagesLog, line + '\\n');
const title = (html) => /<h1>([^<]*)<\\/h1>/.exec(html)?.[1] ?? '';
const jar = [];
function remember(setCookie) {
  if (!setCookie) return;
  const [pair, ...attrs] = setCookie.split(';');
  const eq = pair.indexOf('=');
  const path = attrs.map((a) => a.trim()).find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
  const name = pair.slice(0, eq).trim();
  for (let i = jar.length - 1; i >= 0; i--) if (jar[i].name === name && jar[i].path === path) jar.splice(i, 1);
  jar.push({ name, value: pair.slice(eq + 1).trim(), path });
}
const cookiesFor = (u) =>
  jar.filter((c) => new URL(u).pathname.startsWith(c.path)).map((c) => c.name + '=' + c.value).join('; ');
async function get(u, withCookies = true) {
  const cookie = withCookies ? cookiesFor(u) : '';
  const r = await fetch(u, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  remember(r.headers.get('set-cookie'));
  return r;
}
try {
  if (mode === 'forge') {
    const forged = new URL('/oauth/callback', url);
    forged.searchParams.set('code', 'forged-code');
    forged.searchParams.set('state', 'forged-state');
    const r = await get(forged.href);
    await r.text();
    log('forged ' + r.status);
  }
  // Redirects are followed only while they stay on 127.0.0.1 (a console sign-in ends in a 302
  // to an AWS console page, which is logged, not fetched).
  let next = url;
  for (let hop = 0; ; hop++) {
    if (mode === 'nocookie' && new URL(next).pathname === '/oauth/callback') {
      const r = await get(next, false);
      await r.text();
      log('forged ' + r.status);
    }
    const r = await get(next);
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
