/**
 * Keeps the port of a finished `awsid exec --ecs-server` while processes that were given its
 * address still run. The SDKs cannot verify the server they ask, so a freed port could be taken
 * by another local user and answer a left-over background child with that user's credentials.
 * When the command ends and any process still carries the endpoint's address in its environment
 * (Linux: /proc/PID/environ, readable for our own processes only), the listening socket is handed
 * to a small detached process (endpoint-keeper-main.ts) that answers every request with a
 * "session ended" error and exits once no such process is left. Not covered: awsid killed with
 * SIGKILL, which gives it no chance to hand the socket over.
 */
import { fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:net';
import { fileURLToPath } from 'node:url';

const FULL_URI = 'AWS_CONTAINER_CREDENTIALS_FULL_URI';
/** How often the keeper looks for processes that still carry the address. */
export const KEEPER_POLL_MS = 1_000;
/** The keeper has this long to take the socket, else the port is simply closed. */
const HANDOVER_MS = 5_000;

/** Whether a process other than this one has `uri` as its endpoint in its environment. */
export function endpointStillInUse(uri: string): boolean {
  const needle = Buffer.from(`\0${FULL_URI}=${uri}\0`);
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return false;
  }
  for (const pid of pids) {
    if (Number(pid) === process.pid) continue;
    let env: Buffer;
    try {
      env = readFileSync(`/proc/${pid}/environ`);
    } catch {
      continue;
    }
    if (Buffer.concat([Buffer.from([0]), env]).includes(needle)) return true;
  }
  return false;
}

export interface KeeperOrder {
  uri: string;
  /** The JSON answer to every request. */
  body: string;
}

/**
 * Hands `server` to a detached keeper for `uri`; resolves true once the keeper holds it (the
 * caller then closes its own copy), false when it could not start (then the port just closes).
 */
export function handOverEndpoint(server: Server, order: KeeperOrder): Promise<boolean> {
  const main = fileURLToPath(new URL('./endpoint-keeper-main.js', import.meta.url));
  return new Promise((resolve) => {
    const child = fork(main, [], {
      detached: true,
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      cwd: '/',
      env: {},
    });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      if (!ok) child.kill();
      if (child.connected) child.disconnect();
      child.unref();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), HANDOVER_MS);
    child.once('message', (m) => done(m === 'holding'));
    child.once('error', () => done(false));
    child.once('exit', () => done(false));
    child.send(order, server);
  });
}
