#!/usr/bin/env node
// `npm run bench:flood [-- --connections 16000 --calls 20]`: the BUILT awsid's daemon under a
// same-user connection flood (idle sockets, partial lines, over-long lines; with --reopen each
// one the daemon drops is opened again) while a real `credential-process` asks for cached credentials. Prints the
// callers' latency (target: each under 1 s) and the daemon's resident memory (target: < 300 MB).
// Raise the fd limit first where needed (`ulimit -n 20000`). Run `npm run build` first.
import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { parseArgs } from 'node:util';

import { CP_ARGS, loggedInSandbox, median, quantile } from './bench-lib.mjs';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '16000' },
    calls: { type: 'string', default: '20' },
    // Reopen every connection the daemon drops, for as long as the calls run.
    reopen: { type: 'boolean', default: false },
  },
});
const target = Number(values.connections);
const calls = Number(values.calls);
const reopen = values.reopen;

const PARTIAL = `{"v":1,"id":1,"method":"status","params":{"pad":"${'x'.repeat(60_000)}`;
const HUGE = `{"v":1,"id":1,"method":"status","params":{"pad":"${'y'.repeat(70_000)}"}}\n`;

/** @param {number} pid */
const memoryKb = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  /** @param {string} name */
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { now: field('VmRSS'), peak: field('VmHWM') };
};

const w = await loggedInSandbox();
let failed = false;
let flooding = true;
let opened = 0;
const open = new Set();
try {
  if ((await w.sb.run(['daemon', 'start'])).code !== 0) throw new Error('daemon start failed');
  const status = JSON.parse((await w.sb.run(['daemon', 'status', '--json'])).stdout);
  const warm = await w.sb.run(CP_ARGS);
  if (warm.code !== 0) throw new Error(`credential-process failed:\n${warm.stderr}`);

  /** Keeps `target` connections open, replacing every one the daemon drops. */
  const connectOne = () => {
    if (!flooding) return;
    const n = opened++;
    const socket = createConnection(status.socketPath);
    open.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => {
      open.delete(socket);
      if (reopen && flooding && open.size < target) setImmediate(connectOne);
    });
    socket.once('connect', () => {
      if (n % 50 === 0) socket.write(HUGE);
      else if (n % 10 !== 0) socket.write(PARTIAL);
    });
  };
  for (let i = 0; i < target; i++) {
    connectOne();
    if (i % 500 === 499) await new Promise((r) => setTimeout(r, 10));
  }

  const samples = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    const r = await w.sb.run(CP_ARGS);
    samples.push(performance.now() - t0);
    if (r.code !== 0) {
      console.log(`call ${i + 1} failed (${r.code}): ${r.stderr.trim()}`);
      failed = true;
    }
  }
  samples.sort((a, b) => a - b);
  const max = quantile(samples, 1);
  const mem = memoryKb(status.pid);
  console.log(`connections opened        ${opened} (${open.size} open at the end)`);
  console.log(
    `credential-process        median ${median(samples).toFixed(0)} ms, p90 ${quantile(samples, 0.9).toFixed(0)} ms, max ${max.toFixed(0)} ms (${calls} calls; target < 1000 ms)`,
  );
  console.log(
    `daemon RSS                ${(mem.now / 1024).toFixed(0)} MB, peak ${(mem.peak / 1024).toFixed(0)} MB (target < 300 MB)`,
  );
  if (max >= 1000 || mem.peak >= 300 * 1024) failed = true;
} finally {
  flooding = false;
  for (const s of open) s.destroy();
  await w.close();
}
console.log(failed ? 'bench-flood: FAIL' : 'bench-flood: PASS');
process.exit(failed ? 1 : 0);
