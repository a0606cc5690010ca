/**
 * A same-user client that pipelines requests and never reads a reply must not grow the daemon
 * without bound (one such client once took a daemon to 4.3 GB): the daemon stops reading that
 * connection while its replies pile up, and keeps serving everyone else. The built CLI's daemon,
 * the fake Identity Center, the passphrase store.
 */
import { readFile } from 'node:fs/promises';
import { createConnection, type Socket } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CORP_CREDENTIAL_PROCESS as CP } from '../helpers/corp.js';
import { startWorld, type World } from '../helpers/world.js';

const FLOOD_REQUESTS = 2_000_000;
const BATCH = 1_000;
/** Sent after the client starts reading; every one must be answered. */
const RESUMED_REQUESTS = 100_000;
/** The daemon's resident memory may not pass this however long the flood. */
const RSS_LIMIT_KB = 300 * 1024;

/** Peak and current resident memory of a process, in kB (Linux /proc). */
async function memoryKb(pid: number): Promise<{ peak: number; now: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { peak: field('VmHWM'), now: field('VmRSS') };
}

/** Resolves true on 'drain', false if none came within `ms` (the daemon stopped reading). */
function drained(socket: Socket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.off('drain', onDrain);
      resolve(false);
    }, ms);
    const onDrain = () => {
      clearTimeout(timer);
      resolve(true);
    };
    socket.once('drain', onDrain);
  });
}

/**
 * Writes `status` requests in batches, never reading, as fast as the socket takes them; stops
 * after FLOOD_REQUESTS, or once the daemon has stopped reading for 2 s, or after 20 s.
 */
async function flood(socket: Socket, from = 0, upTo = FLOOD_REQUESTS): Promise<number> {
  const stopAt = Date.now() + 20_000;
  let sent = from;
  while (sent < upTo && Date.now() < stopAt) {
    let batch = '';
    for (let i = 0; i < BATCH; i++) {
      batch += `{"v":1,"id":${sent + i + 1},"method":"status","params":{}}\n`;
    }
    sent += BATCH;
    if (!socket.write(batch) && !(await drained(socket, 2_000))) break;
  }
  return sent;
}

const FLOOD_CONNECTIONS = 16_000;
/** Almost a whole line (the daemon allows 64 KiB), never finished. */
const PARTIAL = `{"v":1,"id":1,"method":"status","params":{"pad":"${'x'.repeat(60_000)}`;
/** Past the line limit: the daemon drops such a connection. */
const HUGE = `{"v":1,"id":1,"method":"status","params":{"pad":"${'y'.repeat(70_000)}"}}\n`;

/**
 * Opens `count` connections (500 at a time): every 50th sends an over-long line, every 10th
 * nothing, the rest a partial line. Returns them, open or already closed by the daemon.
 */
async function openMany(socketPath: string, count: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, count - i) }, (_, j) => {
        const n = i + j;
        const socket = createConnection(socketPath);
        sockets.push(socket);
        return new Promise<void>((resolve) => {
          socket.on('error', () => resolve());
          socket.on('close', () => resolve());
          socket.once('connect', () => {
            if (n % 50 === 0) socket.write(HUGE);
            else if (n % 10 !== 0) socket.write(PARTIAL);
            resolve();
          });
        });
      }),
    );
  }
  return sockets;
}

describe.skipIf(process.platform !== 'linux')('a client that floods the daemon', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld({
      env: { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'flood-test-passphrase' },
    });
    expect((await world.sb.run(['login', '--no-browser'])).code).toBe(0);
  });
  afterAll(async () => world?.close());

  it('keeps the daemon under 300 MB and still serves credential-process', async () => {
    const { sb } = world;
    expect((await sb.run(['daemon', 'start'])).code).toBe(0);
    const status = JSON.parse((await sb.run(['daemon', 'status', '--json'])).stdout) as {
      pid: number;
      socketPath: string;
    };
    const before = await memoryKb(status.pid);
    const socket = createConnection(status.socketPath);
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('connect', resolve));
    try {
      const sent = await flood(socket);
      const after = await memoryKb(status.pid);
      console.info(
        `flood: ${sent} requests written; daemon RSS ${before.now} kB before, ${after.now} kB after, peak ${after.peak} kB`,
      );
      expect(after.peak).toBeLessThan(RSS_LIMIT_KB);
      expect(after.now).toBeLessThan(RSS_LIMIT_KB);
      // The flooding connection is still open and unread; another caller is served all the same.
      const r = await sb.run(CP);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1 });
      expect((await memoryKb(status.pid)).peak).toBeLessThan(RSS_LIMIT_KB);

      // Once the client reads its replies, the daemon reads its requests again: none is lost.
      let replies = 0;
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        for (const c of chunk) if (c === '\n') replies += 1;
      });
      const total = await flood(socket, sent, sent + RESUMED_REQUESTS);
      expect(total).toBe(sent + RESUMED_REQUESTS);
      await expect.poll(() => replies, { timeout: 60_000, interval: 100 }).toBe(total);
      expect((await memoryKb(status.pid)).peak).toBeLessThan(RSS_LIMIT_KB);
    } finally {
      socket.destroy();
    }
  }, 120_000);

  it('16,000 connections (idle, partial, over-long): the daemon stays under 300 MB and serves credential-process', async () => {
    const { sb } = world;
    expect((await sb.run(['daemon', 'start'])).code).toBe(0);
    const status = JSON.parse((await sb.run(['daemon', 'status', '--json'])).stdout) as {
      pid: number;
      socketPath: string;
    };
    const sockets = await openMany(status.socketPath, FLOOD_CONNECTIONS);
    try {
      const flooded = await memoryKb(status.pid);
      const open = sockets.filter((s) => !s.destroyed).length;
      console.info(
        `connection flood: ${sockets.length} opened, ${open} still open; daemon RSS ${flooded.now} kB, peak ${flooded.peak} kB`,
      );
      expect(flooded.peak).toBeLessThan(RSS_LIMIT_KB);
      // The flood's connections are still there; a caller is served all the same.
      const r = await sb.run(CP);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1 });
      const after = await memoryKb(status.pid);
      expect(after.peak).toBeLessThan(RSS_LIMIT_KB);
      expect(after.now).toBeLessThan(RSS_LIMIT_KB);
      // The same daemon: it was neither killed nor replaced by the flood.
      const again = JSON.parse((await sb.run(['daemon', 'status', '--json'])).stdout) as {
        pid: number;
      };
      expect(again.pid).toBe(status.pid);
    } finally {
      for (const s of sockets) s.destroy();
    }
  }, 180_000);
});
