/**
 * Reads requests from one client connection with bounds, so a client that pipelines requests
 * without reading the replies cannot grow the daemon without limit: reading stops while the
 * connection's write buffer is full (write() returned false, until 'drain'), while
 * MAX_IN_FLIGHT_PER_CONNECTION requests are being handled, and while any line read is still
 * waiting its turn. What is buffered is then at most one read's worth of lines (libuv reads up
 * to 64 KiB at a time) plus the line splitter's one partial line (MAX_LINE_BYTES). Node's
 * stream backpressure: https://nodejs.org/en/learn/modules/backpressuring-in-streams
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

export type Send = (message: ResponseMessage | NoticeMessage) => void;

export interface ServeConnectionOptions {
  /** Handles one request line; answers (and notices) go through `send`. Never rejects. */
  handle(line: string, send: Send): Promise<void>;
  /** Told about each request in progress (the server waits for them on close). */
  track(work: Promise<void>): void;
  maxInFlight?: number;
}

/** Starts reading `socket` (utf8-encoded by the caller) and handling its requests. */
export function serveConnection(socket: Socket, options: ServeConnectionOptions): void {
  const maxInFlight = options.maxInFlight ?? MAX_IN_FLIGHT_PER_CONNECTION;
  const queue: string[] = [];
  let queuedBytes = 0;
  let running = 0;
  let writeBlocked = false;

  const send: Send = (message) => {
    if (socket.destroyed) return;
    if (!socket.write(encodeMessage(message))) {
      writeBlocked = true;
      throttle();
    }
  };

  /** Reads only while every bound has room. */
  function throttle(): void {
    const stop = writeBlocked || running >= maxInFlight || queue.length > 0;
    if (stop && !socket.isPaused()) socket.pause();
    else if (!stop && socket.isPaused() && !socket.destroyed) socket.resume();
  }

  function pump(): void {
    while (!writeBlocked && running < maxInFlight && queue.length > 0) {
      const line = queue.shift()!;
      queuedBytes -= line.length;
      running += 1;
      const work = options.handle(line, send).finally(() => {
        running -= 1;
        pump();
      });
      options.track(work);
    }
    throttle();
  }

  const feed = lineSplitter(
    (line) => {
      queue.push(line);
      queuedBytes += line.length;
    },
    () => socket.destroy(),
  );
  socket.on('data', (chunk: string) => {
    feed(chunk);
    if (queuedBytes > MAX_QUEUED_BYTES) {
      socket.destroy();
      return;
    }
    pump();
  });
  socket.on('drain', () => {
    writeBlocked = false;
    pump();
  });
}
