import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

import { afterEach, describe, expect, it } from 'vitest';

import { UsageError } from '../core/errors.js';
import { listenForCallback, type CallbackListener } from './loopback-callback.js';

let listener: CallbackListener | undefined;
afterEach(async () => listener?.close());

const get = async (url: string, cookie?: string) => {
  const r = await fetch(url, { headers: cookie ? { cookie } : {} });
  return { status: r.status, text: await r.text() };
};

/** Opens the start page as the browser would: its cookie, checked for scope and flags. */
async function start(l: CallbackListener, authorize = 'https://oidc.example/authorize?state=s') {
  const r = await fetch(l.startPage(authorize), { redirect: 'manual' });
  expect(r.status).toBe(302);
  expect(r.headers.get('location')).toBe(authorize);
  const set = r.headers.get('set-cookie')!;
  expect(set).toMatch(
    /^awsid_login=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Lax; Path=\/oauth\/callback$/,
  );
  return set.split(';')[0]!;
}

describe('the loopback callback listener', () => {
  it('takes only the callback with its state; the rest is answered and ignored', async () => {
    listener = await listenForCallback({ port: undefined, state: 'good-state', hint: 'h' });
    expect(listener.redirectUri).toBe(`http://127.0.0.1:${listener.port}/oauth/callback`);
    const base = listener.redirectUri;
    expect((await get(`http://127.0.0.1:${listener.port}/favicon.ico`)).status).toBe(404);
    expect((await get(`${base}?code=forged&state=bad-state`)).status).toBe(400);
    expect((await get(`${base}?error=access_denied&state=bad-state`)).status).toBe(400);
    expect((await get(`${base}?state=good-state`)).status).toBe(400);
    // The right code and state, but not from the browser that opened the start page: refused.
    expect((await get(`${base}?code=the-code&state=good-state`)).status).toBe(403);
    const startUrl = listener.startPage('https://oidc.example/authorize');
    expect(startUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/start\/[A-Za-z0-9_-]{43}$/);
    const cookie = await start(listener);
    // The start page works once.
    expect((await fetch(startUrl, { redirect: 'manual' })).status).toBe(410);
    expect((await get(`http://127.0.0.1:${listener.port}/start/guess`)).status).toBe(404);
    expect((await get(`${base}?code=the-code&state=good-state`, 'awsid_login=guess')).status).toBe(
      403,
    );
    const real = get(`${base}?code=the-code&state=good-state`, cookie);
    const answer = await listener.wait(new AbortController().signal);
    expect(answer).toMatchObject({ kind: 'code', code: 'the-code' });
    // Taken: a replay is refused while the first request still waits for its page.
    expect((await get(`${base}?code=the-code&state=good-state`, cookie)).status).toBe(400);
    answer.finish({ ok: true, title: 'Logged in', text: 'You can close <this> tab.' });
    const page = await real;
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Logged in</h1>');
    expect(page.text).toContain('close &#60;this&#62; tab');
  });

  it('reports an error callback, rejects on abort, and closes the port', async () => {
    listener = await listenForCallback({ port: undefined, state: 's', hint: 'h' });
    const ac = new AbortController();
    const waiting = listener.wait(ac.signal);
    ac.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    const cookie = await start(listener);
    const denied = get(`${listener.redirectUri}?error=access_denied&state=s`, cookie);
    expect(await listener.wait(new AbortController().signal)).toMatchObject({
      kind: 'error',
      error: 'access_denied',
    });
    await listener.close();
    expect((await denied).status).toBe(400);
    await expect(fetch(listener.redirectUri)).rejects.toThrow();
  });

  it('a port already in use is a UsageError with the hint', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    try {
      const e = await listenForCallback({ port, state: 's', hint: 'the next command' }).catch(
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(UsageError);
      expect((e as UsageError).message).toContain(`127.0.0.1:${port}`);
      expect((e as UsageError).hint).toBe('the next command');
    } finally {
      busy.close();
    }
  });

  it.skipIf(process.getuid?.() !== 0 || !existsSync('/usr/sbin/runuser'))(
    'refuses the start page to another local user, and keeps it for the browser',
    async () => {
      listener = await listenForCallback({ port: undefined, state: 's', hint: 'h' });
      const url = listener.startPage('https://oidc.example/authorize?state=s');
      const script = `fetch(process.argv[1],{redirect:'manual'}).then(r=>console.log(r.status))`;
      const other = await promisify(execFile)('/usr/sbin/runuser', [
        ...['-u', 'nobody', '--', process.execPath, '-e', script, url],
      ]);
      expect(other.stdout.trim()).toBe('403');
      await start(listener);
    },
  );
});
