/**
 * The daemon's connections, bounded one by one and all together.
 *
 * One connection: a client that pipelines requests without reading the replies cannot grow the
 * daemon: reading stops while the connection's write buffer is full (write() returned false,
 * until 'drain'), while MAX_IN_FLIGHT_PER_CONNECTION requests are being handled, and while any
 * line read is still waiting its turn. What is buffered is then at most one read's worth of lines
 * (libuv reads up to 64 KiB at a time) plus the line splitter's one partial line (MAX_LINE_BYTES).
 * Node's stream backpressure: https://nodejs.org/en/learn/modules/backpressuring-in-streams
 *
 * All of them: many connections would still add up (one same-user flooder with thousands of
 * sockets), so there is a cap on open connections and one budget for the bytes they hold. At the
 * cap a new connection evicts the oldest one with no request in progress (so idle sockets cannot
 * lock callers out), and over the budget the connection holding the most is dropped.
 */
import type { Socket } from 'node:net';

import {
  encodeMessage,
  lineSplitter,
  MAX_LINE_BYTES,
  type NoticeMessage,
  type ResponseMessage,
} from '../protocol/protocol.js';

/** Requests of one connection handled at the same time; more wait unread in the socket. */
export const MAX_IN_FLIGHT_PER_CONNECTION = 16;
/** Lines read but not yet handled; past this the connection is dropped (a safety net only). */
export const MAX_QUEUED_BYTES = 16 * MAX_LINE_BYTES;
/** Open connections; callers connect for one exchange, so this many is already a flood. */
export const MAX_CONNECTIONS = 512;
/** Bytes all connections together may hold in partial lines, queued lines and unsent replies. */
export const BUFFER_BUDGET_BYTES = 16 * 1024 * 1024;

export type Send = (message: ResponseMessage | NoticeMessage) => void;

export interface ConnectionLimits {
  /** Handles one request line; answers (and notices) go through `send`. Never rejects. */
  handle(socket: Socket, line: string, send: Send): Promise<void>;
  /** Told about each request in progress (the server waits for them on close). */
  track(work: Promise<void>): void;
  /** One line when the cap or the budget first bites (not one per connection: a flood). */
  log(line: string): void;
  maxInFlight?: number;
  maxConnections?: number;
  budgetBytes?: number;
}

class Connection {
  readonly queue: string[] = [];
  queuedBytes = 0;
  /** Bytes after the last newline read: the line splitter's partial line. */
  partialBytes = 0;
  running = 0;
  writeBlocked = false;
  /** What this connection counted towards the budget when last accounted. */
  accounted = 0;

  constructor(readonly socket: Socket) {}

  held(): number {
    return this.queuedBytes + this.partialBytes + this.socket.writableLength;
  }
}

/** Every open connection of one server, within the cap and the budget. */
export class Connections {
  /** Insertion order is age: the first idle one is the oldest. */
  private readonly open = new Set<Connection>();
  private held = 0;
  private warned = false;
  private readonly maxInFlight: number;
  private readonly maxConnections: number;
  private readonly budgetBytes: number;

  constructor(private readonly limits: ConnectionLimits) {
    this.maxInFlight = limits.maxInFlight ?? MAX_IN_FLIGHT_PER_CONNECTION;
    this.maxConnections = limits.maxConnections ?? MAX_CONNECTIONS;
    this.budgetBytes = limits.budgetBytes ?? BUFFER_BUDGET_BYTES;
  }

  get size(): number {
    return this.open.size;
  }

  destroyAll(): void {
    for (const c of this.open) c.socket.destroy();
  }

  /** Starts reading `socket` and handling its requests, making room at the cap first. */
  accept(socket: Socket): void {
    if (this.open.size >= this.maxConnections && !this.evictIdle()) {
      socket.destroy();
      return;
    }
    const conn = new Connection(socket);
    this.open.add(conn);
    socket.on('close', () => {
      this.open.delete(conn);
      this.held -= conn.accounted;
      conn.accounted = 0;
    });
    socket.on('error', () => {});
    socket.setEncoding('utf8');
    this.serve(conn);
  }

  private warnOnce(line: string): void {
    if (this.warned) return;
    this.warned = true;
    this.limits.log(line);
  }

  /** Drops the oldest connection with no request in progress; false when every one is busy. */
  private evictIdle(): boolean {
    for (const c of this.open) {
      if (c.running === 0 && !c.socket.destroyed) {
        this.warnOnce(`${this.maxConnections} connections open: evicting the oldest idle ones`);
        this.drop(c);
        return true;
      }
    }
    return false;
  }

  private drop(conn: Connection): void {
    this.open.delete(conn);
    this.held -= conn.accounted;
    conn.accounted = 0;
    conn.socket.destroy();
  }

  /** Re-counts a connection's bytes; over the budget, drops whoever holds the most. */
  private account(conn: Connection): void {
    if (this.open.has(conn)) {
      const now = conn.held();
      this.held += now - conn.accounted;
      conn.accounted = now;
    }
    while (this.held > this.budgetBytes) {
      let largest: Connection | undefined;
      for (const c of this.open) if (!largest || c.accounted > largest.accounted) largest = c;
      if (!largest) return;
      this.warnOnce(`connections hold over ${this.budgetBytes} bytes: dropping the largest`);
      this.drop(largest);
    }
  }

  private serve(conn: Connection): void {
    const { socket } = conn;
    const send: Send = (message) => {
      if (socket.destroyed) return;
      if (!socket.write(encodeMessage(message))) {
        conn.writeBlocked = true;
        throttle();
      }
      this.account(conn);
    };

    /** Reads only while every bound has room. */
    const throttle = (): void => {
      const stop = conn.writeBlocked || conn.running >= this.maxInFlight || conn.queue.length > 0;
      if (stop && !socket.isPaused()) socket.pause();
      else if (!stop && socket.isPaused() && !socket.destroyed) socket.resume();
    };

    const pump = (): void => {
      while (!conn.writeBlocked && conn.running < this.maxInFlight && conn.queue.length > 0) {
        const line = conn.queue.shift()!;
        conn.queuedBytes -= line.length;
        conn.running += 1;
        const work = this.limits.handle(socket, line, send).finally(() => {
          conn.running -= 1;
          pump();
        });
        this.limits.track(work);
      }
      throttle();
    };

    const feed = lineSplitter(
      (line) => {
        conn.queue.push(line);
        conn.queuedBytes += line.length;
      },
      () => socket.destroy(),
    );
    socket.on('data', (chunk: string) => {
      feed(chunk);
      const nl = chunk.lastIndexOf('\n');
      conn.partialBytes = nl === -1 ? conn.partialBytes + chunk.length : chunk.length - nl - 1;
      if (conn.queuedBytes > MAX_QUEUED_BYTES || socket.destroyed) {
        socket.destroy();
        return;
      }
      pump();
      this.account(conn);
    });
    socket.on('drain', () => {
      conn.writeBlocked = false;
      pump();
      this.account(conn);
    });
  }
}
