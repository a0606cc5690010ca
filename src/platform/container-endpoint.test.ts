import { connect, type Socket } from 'node:net';

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

/** A connection that has been accepted by the kernel; `closed` resolves when the server hangs up. */
async function openIdle(port: number): Promise<{ socket: Socket; closed: Promise<void> }> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  await new Promise<void>((r) => socket.once('connect', () => r()));
  return { socket, closed };
}

const ok = () => Promise.resolve({ status: 200, body: '{}', note: 'x' });

describe('container endpoint: idle and trickling connections cannot starve it', () => {
  it('closes a connection that sends nothing, or trickles its request, after the idle deadline', async () => {
    const ep = await startContainerEndpoint({
      answer: ok,
      answered: () => {},
      limits: { idleMs: 200 },
    });
    try {
      const silent = await openIdle(ep.port);
      const trickler = await openIdle(ep.port);
      const drip = setInterval(() => trickler.socket.write('G'), 50);
      await Promise.all([silent.closed, trickler.closed]);
      clearInterval(drip);
      expect((await fetch(`http://127.0.0.1:${ep.port}/creds`)).status).toBe(200);
    } finally {
      await ep.close();
    }
  });

  it('at the cap a new connection closes the oldest idle one and is answered', async () => {
    const ep = await startContainerEndpoint({
      answer: ok,
      answered: () => {},
      limits: { idleMs: 60_000, maxConnections: 4 },
    });
    try {
      const held = [];
      for (let i = 0; i < 4; i++) held.push(await openIdle(ep.port));
      let closedCount = 0;
      for (const h of held) void h.closed.then(() => (closedCount += 1));
      const r = await fetch(`http://127.0.0.1:${ep.port}/creds`);
      expect(r.status).toBe(200);
      await held[0]!.closed;
      expect(closedCount).toBe(1);
      for (const h of held) h.socket.destroy();
    } finally {
      await ep.close();
    }
  });
});
