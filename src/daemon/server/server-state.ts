/** The mutable state of one running daemon server, shared by its named parts (server.ts). */
import type { Socket } from 'node:net';

export interface ServerState {
  requests: number;
  lastActivityAt: number;
  readonly sockets: Set<Socket>;
  readonly inFlight: Set<Promise<void>>;
  closing: Promise<void> | undefined;
}
