import { connect } from 'node:net';

import { describe, expect, it } from 'vitest';

import { startContainerEndpoint, type EndpointAnswer } from './container-endpoint.js';

/** Sends raw bytes, resolves with everything the server wrote before closing. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let got = '';
    s.on('data', (c: Buffer) => (got += c.toString()));
    s.on('error', reject);
    s.on('close', () => resolve(got));
    s.write(bytes);
  });
}

describe('container endpoint socket', () => {
  it('answers as told, then close() frees the port even with a kept-alive connection', async () => {
    const seen: number[] = [];
    const ep = await startContainerEndpoint({
      answer: (req, port) =>
        Promise.resolve({
          status: req.host === `127.0.0.1:${port}` ? 200 : 403,
          body: '{}',
          note: 'x',
        }),
      answered: (_req, a: EndpointAnswer) => seen.push(a.status),
    });
    const r = await fetch(`http://127.0.0.1:${ep.port}/creds`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(r.headers.get('cache-control')).toBe('no-store');
    await ep.close();
    expect(seen).toEqual([200]);
    await expect(fetch(`http://127.0.0.1:${ep.port}/creds`)).rejects.toThrow();
  });

  it('oversized headers get 431 and never reach the handler; a throwing handler gets 500', async () => {
    let calls = 0;
    const ep = await startContainerEndpoint({
      answer: () => {
        calls += 1;
        return Promise.reject(new Error('boom'));
      },
      answered: () => {},
    });
    try {
      const big = `GET /creds HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`;
      expect(await rawExchange(ep.port, big)).toMatch(/^HTTP\/1\.1 431 /);
      expect(calls).toBe(0);
      const r = await fetch(`http://127.0.0.1:${ep.port}/creds`);
      expect(r.status).toBe(500);
      expect(await r.text()).not.toContain('boom');
    } finally {
      await ep.close();
    }
  });

  it('a 405 says which method is allowed', async () => {
    const ep = await startContainerEndpoint({
      answer: () => Promise.resolve({ status: 405, body: '{}', note: 'x' }),
      answered: () => {},
    });
    try {
      const r = await fetch(`http://127.0.0.1:${ep.port}/creds`, { method: 'POST', body: 'x' });
      expect(r.status).toBe(405);
      expect(r.headers.get('allow')).toBe('GET');
    } finally {
      await ep.close();
    }
  });
});
