/**
 * The keeper process of endpoint-keeper.ts: receives the listening socket and what to answer,
 * answers every request with it (a request head has 2 s, as in container-endpoint.ts), and exits
 * once no process carries the endpoint's address any more.
 */
import { createServer } from 'node:http';
import type { Server, Socket } from 'node:net';

import { endpointStillInUse, KEEPER_POLL_MS, type KeeperOrder } from './endpoint-keeper.js';

const IDLE_MS = 2_000;

process.once('message', (order: KeeperOrder, handle: unknown) => {
  const listener = handle as Server;
  const http = createServer((req, res) => {
    req.resume();
    res.writeHead(400, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(order.body);
  });
  listener.on('connection', (socket: Socket) => {
    socket.setTimeout(IDLE_MS, () => socket.destroy());
    http.emit('connection', socket);
  });
  const check = setInterval(() => {
    if (endpointStillInUse(order.uri)) return;
    clearInterval(check);
    listener.close();
    process.exit(0);
  }, KEEPER_POLL_MS);
  process.send?.('holding');
});
