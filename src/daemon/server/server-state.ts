/** The mutable state of one running daemon server, shared by its named parts (server.ts). */
export interface ServerState {
  requests: number;
  lastActivityAt: number;
  /** Whether it has handed out credentials yet: one that never did exits sooner when idle. */
  served: boolean;
  /** Destroys every open connection (close(), after the grace period). */
  dropConnections: () => void;
  readonly inFlight: Set<Promise<void>>;
  closing: Promise<void> | undefined;
}
