/**
 * Taking the socket path for a starting daemon: refuse a live daemon, remove a stale socket,
 * listen, make the socket 0600, and hold connections that arrive before the server can serve them.
 */
import { chmod, rm, stat } from 'node:fs/promises';
import type { Server, Socket } from 'node:net';

import { probeDaemon } from '../client/client.js';
import { DaemonAlreadyRunningError } from '../errors.js';
import { isNamedPipe } from '../socket-path.js';

/** Throws DaemonAlreadyRunningError when another daemon owns the socket; removes a stale one. */
async function claimSocket(socketPath: string): Promise<void> {
  const probe = await probeDaemon(socketPath);
  if (probe.state === 'running') throw new DaemonAlreadyRunningError(socketPath, probe.daemon.pid);
  if (probe.state === 'unresponsive') throw new DaemonAlreadyRunningError(socketPath, undefined);
  // A socket file nobody listens on: left by a daemon that was killed (SIGKILL, crash).
  if (probe.state === 'stale' && !isNamedPipe(socketPath)) await rm(socketPath, { force: true });
}

function listen(server: Server, socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export interface BoundSocket {
  /** The socket file's inode (undefined for a Windows pipe): a different one means replaced. */
  readonly socketIno: number | undefined;
  /** Stops holding early connections: serves them, and every later one, with `onConnection`. */
  serve(onConnection: (socket: Socket) => void): void;
}

/** On failure closes the server, drops held connections, awaits `release`, and rethrows. */
export async function bindSocket(
  server: Server,
  socketPath: string,
  release: () => Promise<void>,
): Promise<BoundSocket> {
  // Clients poll the socket while a daemon starts (fast-start.ts): one may connect right after
  // listen(), before the real handler below is attached. An unhandled 'connection' leaves that
  // client waiting for a reply until its 2-minute timeout, so hold such sockets (paused: their
  // data stays buffered) and serve them once the handler is in place.
  const early: Socket[] = [];
  const holdEarly = (socket: Socket) => {
    socket.on('error', () => {});
    early.push(socket);
  };
  server.on('connection', holdEarly);
  let socketIno: number | undefined;
  try {
    await claimSocket(socketPath);
    await listen(server, socketPath).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') throw new DaemonAlreadyRunningError(socketPath, undefined);
      throw e;
    });
    if (!isNamedPipe(socketPath)) {
      await chmod(socketPath, 0o600);
      socketIno = (await stat(socketPath)).ino;
    }
  } catch (e) {
    server.close();
    for (const socket of early) socket.destroy();
    await release();
    throw e;
  }
  return {
    socketIno,
    serve(onConnection) {
      server.off('connection', holdEarly);
      server.on('connection', onConnection);
      for (const socket of early.splice(0)) onConnection(socket);
    },
  };
}
