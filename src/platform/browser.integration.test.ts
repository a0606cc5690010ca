import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { canOpenBrowser, isOpenableUrl, systemBrowser } from './browser.js';

const run = promisify(execFile);

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
    // `open` runs xdg-open, which hands the URL to $BROWSER: a usable test hook.
    env = { BROWSER: script };
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
    // In a child process: `open` spawns xdg-open with its process's environment (it takes no env
    // of its own), and this test process's environment stays untouched.
    const url = 'https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH';
    const script = `
      import { systemBrowser } from ${JSON.stringify(join(import.meta.dirname, 'browser.ts'))};
      console.log(await systemBrowser({ BROWSER: process.env.BROWSER }).open(process.argv[1]));`;
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script, url],
      { env: { PATH: process.env.PATH ?? '', HOME: dir, BROWSER: env.BROWSER } },
    );
    expect(stdout.trim()).toBe('true');
    expect(await opened()).toEqual([url]);
  });

  it('starts the browser without AWSID_PASSPHRASE or AWS keys in its environment', async () => {
    const envLog = join(dir, 'env.log');
    const script = join(dir, 'env-browser.sh');
    await writeFile(
      script,
      `#!/bin/sh\nprintf '%s %s %s\\n' "$1" "\${AWSID_PASSPHRASE-unset}" "\${AWS_SECRET_ACCESS_KEY-unset}" >> '${envLog}'\n`,
    );
    await chmod(script, 0o755);
    // In a child process whose own environment holds the secrets, as awsid's would: `open` takes
    // no env, so the product must scrub them from that process's environment before starting it.
    const url = 'https://device.sso.us-east-1.amazonaws.com/?user_code=WXYZ-ABCD';
    const child = `
      import { systemBrowser } from ${JSON.stringify(join(import.meta.dirname, 'browser.ts'))};
      console.log(await systemBrowser({ BROWSER: process.env.BROWSER }).open(process.argv[1]));`;
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', child, url],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: dir,
          BROWSER: script,
          AWSID_PASSPHRASE: 'browser-test-passphrase',
          AWS_SECRET_ACCESS_KEY: 'browser-test-secret',
        },
      },
    );
    expect(stdout.trim()).toBe('true');
    let text = '';
    for (let i = 0; i < 100 && !text; i++) {
      text = await readFile(envLog, 'utf8').catch(() => '');
      if (!text) await new Promise((r) => setTimeout(r, 50));
    }
    expect(text).toBe(`${url} unset unset\n`);
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
