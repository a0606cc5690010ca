/**
 * Whether a TCP connection to one of awsid's 127.0.0.1 pages comes from a process of the same
 * user. The one-shot pages (src/platform/one-shot-redirect.ts, the PKCE start page) are named in
 * the browser opener's argv, which every local user can read in /proc; a nonce alone would let
 * another user who polls /proc fetch the page before the browser does. On Linux, /proc/net/tcp
 * names the owner (uid) of the connecting socket, so such a request is refused without using up
 * the page. Elsewhere (no /proc) the nonce is the only guard.
 */
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { endianness } from 'node:os';

/** `0100007F:1F90` (host byte order, as the kernel prints it) to `127.0.0.1:8080`. */
function decode(field: string): string {
  const [hexIp = '', hexPort = ''] = field.split(':');
  const n = Number.parseInt(hexIp, 16);
  const bytes = [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24];
  if (endianness() === 'BE') bytes.reverse();
  return `${bytes.join('.')}:${Number.parseInt(hexPort, 16)}`;
}

/**
 * True when the peer of `socket` is owned by this process's user, or when that cannot be known
 * on this system (no /proc/net/tcp, no getuid); false when it belongs to someone else or its
 * socket is not listed (a connection to 127.0.0.1 always is, in this network namespace).
 */
export function peerIsThisUser(socket: Socket): boolean {
  if (typeof process.getuid !== 'function') return true;
  let table: string;
  try {
    table = readFileSync('/proc/net/tcp', 'utf8');
  } catch {
    return true;
  }
  const peer = `${socket.remoteAddress ?? ''}:${socket.remotePort ?? ''}`;
  const us = `${socket.localAddress ?? ''}:${socket.localPort ?? ''}`;
  for (const line of table.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    // sl, local_address, rem_address, st, tx:rx, tr:when, retrnsmt, uid, ...
    if (f.length < 8 || decode(f[1]!) !== peer || decode(f[2]!) !== us) continue;
    return Number(f[7]) === process.getuid();
  }
  return false;
}
