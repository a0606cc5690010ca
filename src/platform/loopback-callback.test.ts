import { createServer } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { UsageError } from '../core/errors.js';
import { listenForCallback, type CallbackListener } from './loopback-callback.js';

let listener: CallbackListener | undefined;
afterEach(async () => listener?.close());

const get = async (url: string) => {
  const r = await fetch(url);
  return { status: r.status, text: await r.text() };
};

describe('the loopback callback listener', () => {
  it('takes only the callback with its state; the rest is answered and ignored', async () => {
    listener = await listenForCallback({ port: undefined, state: 'good-state', hint: 'h' });
    expect(listener.redirectUri).toBe(`http://127.0.0.1:${listener.port}/oauth/callback`);
    const base = listener.redirectUri;
    expect((await get(`http://127.0.0.1:${listener.port}/favicon.ico`)).status).toBe(404);
    expect((await get(`${base}?code=forged&state=bad-state`)).status).toBe(400);
    expect((await get(`${base}?error=access_denied&state=bad-state`)).status).toBe(400);
    expect((await get(`${base}?state=good-state`)).status).toBe(400);
    const real = get(`${base}?code=the-code&state=good-state`);
    const answer = await listener.wait(new AbortController().signal);
    expect(answer).toMatchObject({ kind: 'code', code: 'the-code' });
    // Taken: a replay is refused while the first request still waits for its page.
    expect((await get(`${base}?code=the-code&state=good-state`)).status).toBe(400);
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
    const denied = get(`${listener.redirectUri}?error=access_denied&state=s`);
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
});
