import { createConnection, createServer, type Server } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { ioTimeout } from './io-timeout.js';

/** Keeps this process off the event loop for `ms`, as a descheduled process would be. */
function blockFor(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // Busy: nothing else runs.
  }
}

describe('ioTimeout', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  /** Connects, then blocks past the timeout; which of connect and timeout is heard first. */
  async function race(timeout: (fn: () => void, ms: number) => () => void): Promise<string> {
    server = createServer((s) => s.end());
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    return new Promise((resolve) => {
      const socket = createConnection(port, '127.0.0.1');
      const cancel = timeout(() => (socket.destroy(), resolve('timeout')), 20);
      socket.once('connect', () => (cancel(), socket.destroy(), resolve('connect')));
      blockFor(150);
    });
  }

  it('a connect that completed while the process was blocked wins over the timer', async () => {
    expect(await race(ioTimeout)).toBe('connect');
  });

  it('a plain setTimeout loses that race (why ioTimeout exists)', async () => {
    const plain = (fn: () => void, ms: number) => {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    };
    expect(await race(plain)).toBe('timeout');
  });

  it('fires when nothing happens, and not after cancel', async () => {
    const fired: string[] = [];
    ioTimeout(() => fired.push('a'), 5);
    const cancel = ioTimeout(() => fired.push('b'), 5);
    cancel();
    await new Promise((r) => setTimeout(r, 40));
    expect(fired).toEqual(['a']);
  });
});
