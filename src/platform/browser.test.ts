import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { canOpenBrowser, isOpenableUrl, systemBrowser } from './browser.js';

describe('systemBrowser', () => {
  let dir: string;
  let log: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'awsid-browser-'));
    log = join(dir, 'opened.log');
    const script = join(dir, 'browser.sh');
    await writeFile(script, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${log}'\n`);
    await chmod(script, 0o755);
    // `open` runs xdg-open, which hands the URL to $BROWSER (environment.md: a usable test hook).
    // `open` spawns with this process's environment; the env passed to systemBrowser decides
    // only whether there is a way to open a page at all.
    env = { BROWSER: script };
    process.env.BROWSER = script;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const opened = async (): Promise<string[]> => {
    // The browser runs detached; give it a moment to write.
    for (let i = 0; i < 100; i++) {
      const text = await readFile(log, 'utf8').catch(() => '');
      if (text) return text.split('\n').filter(Boolean);
      await new Promise((r) => setTimeout(r, 50));
    }
    return [];
  };

  it('refuses anything but https or loopback http, without launching a program', async () => {
    const b = systemBrowser(env);
    for (const url of [
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(await b.open(url)).toBe(false);
    }
    expect(await readFile(log, 'utf8').catch(() => '')).toBe('');
  });

  it('opens an https URL through $BROWSER', async () => {
    const url = 'https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH';
    expect(await systemBrowser(env).open(url)).toBe(true);
    expect(await opened()).toEqual([url]);
  });

  it('knows when there is no way to open one (no $BROWSER, no display, Linux)', () => {
    expect(canOpenBrowser({}, 'linux')).toBe(false);
    expect(canOpenBrowser({ DISPLAY: ':0' }, 'linux')).toBe(true);
    expect(canOpenBrowser({}, 'darwin')).toBe(true);
    // WSL: `open` starts the Windows browser, whose 127.0.0.1 reaches WSL.
    expect(canOpenBrowser({ WSL_DISTRO_NAME: 'Ubuntu' }, 'linux')).toBe(true);
  });

  it('allows http only on a loopback host (a local endpoint such as the test fake)', () => {
    const ok = (u: string) => isOpenableUrl(new URL(u));
    expect(ok('https://oidc.us-east-1.amazonaws.com/authorize?x=1')).toBe(true);
    expect(ok('http://127.0.0.1:8123/authorize')).toBe(true);
    expect(ok('http://localhost:8123/authorize')).toBe(true);
    expect(ok('http://[::1]:8123/authorize')).toBe(true);
    expect(ok('http://example.com/authorize')).toBe(false);
    expect(ok('http://127.0.0.1.example.com/authorize')).toBe(false);
    expect(ok('file:///etc/passwd')).toBe(false);
  });
});
