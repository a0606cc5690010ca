/**
 * The client side of `awsid unlock`: the passphrase store's data key (never the passphrase) goes
 * to the daemon over its private socket. Also used after `awsid login`, and by a credential
 * request that meets a locked daemon while AWSID_PASSPHRASE is in the caller's environment.
 */
import { dirname } from 'node:path';

import { type DaemonConnection, withRunningDaemon } from '../daemon/client/client.js';
import { DaemonLockedError, DaemonUnavailableError } from '../daemon/errors.js';
import { ensureSocketDir } from '../daemon/socket-dir.js';
import { daemonAddress, isNamedPipe } from '../daemon/socket-path.js';
import type { Env } from '../platform/env.js';
import type { Paths } from '../platform/paths.js';
import type { KeyMaterial } from '../store/passphrase-keys.js';
import type { Context } from './context.js';

/** The daemon checks the key against the file under the store's lock, behind any refresh in flight. */
const UNLOCK_TIMEOUT_MS = 30_000;

/** This world's daemon (src/daemon/world.ts). */
export function daemonSocketPath(ctx: Context): string {
  return daemonAddress(ctx.env, ctx.paths).socketPath;
}

/** Sends the key, after checking that only we can reach the socket's directory. */
export async function sendKey(
  connection: DaemonConnection,
  socketPath: string,
  material: KeyMaterial,
): Promise<void> {
  if (!isNamedPipe(socketPath)) await ensureSocketDir(dirname(socketPath));
  const params = {
    key: material.key.toString('base64'),
    salt: material.salt,
    stateFile: material.stateFile,
  };
  await connection.request('unlock', params, { timeoutMs: UNLOCK_TIMEOUT_MS });
}

/** The key this process can derive for the sealed file; undefined for other stores or no file. */
async function currentKey(ctx: Context): Promise<KeyMaterial | undefined> {
  const store = await ctx.store();
  return store.passphraseKeys?.currentKey();
}

/**
 * Runs `request`; if the daemon is locked and this caller has AWSID_PASSPHRASE (a set-up from
 * before `awsid unlock`), unlocks it with the derived key and runs `request` once more.
 */
export async function retryUnlocked<T>(
  ctx: Context,
  connection: DaemonConnection,
  request: () => Promise<T>,
): Promise<T> {
  try {
    return await request();
  } catch (e) {
    if (!(e instanceof DaemonLockedError) || !ctx.env.AWSID_PASSPHRASE) throw e;
    const material = await currentKey(ctx);
    // Nothing sealed yet, so no key to hand over: this caller, which has the passphrase, does the
    // work in-process (its login creates the sealed file; the next `awsid unlock` serves it).
    if (!material) {
      throw new DaemonUnavailableError('the awsid daemon is locked and nothing is sealed yet', {
        cause: e,
      });
    }
    await sendKey(connection, daemonSocketPath(ctx), material);
    return request();
  }
}

/**
 * The key an unlocked daemon of this world holds, for this process's own use of the sealed file
 * (src/store/key-passphrase.ts asks before it prompts). Never starts a daemon; undefined when none
 * runs, it is locked or it answers anything unexpected. The socket is checked like every other
 * connection (private directory, our own socket, our world: docs/architecture.md, Trust).
 */
export async function keyFromDaemon(env: Env, paths: Paths): Promise<KeyMaterial | undefined> {
  const { socketPath, world } = daemonAddress(env, paths);
  const held = await withRunningDaemon(
    socketPath,
    (c) => c.request('heldKey', {}, { timeoutMs: 1_000 }),
    { world, timeoutMs: 500 },
  );
  const m = held?.material as Partial<Record<keyof KeyMaterial, unknown>> | null | undefined;
  if (!m || typeof m.key !== 'string' || typeof m.salt !== 'string') return undefined;
  if (typeof m.stateFile !== 'string') return undefined;
  const key = Buffer.from(m.key, 'base64');
  return key.length === 32 ? { stateFile: m.stateFile, salt: m.salt, key } : undefined;
}

/** After login: a running daemon gets the key too (best effort; never starts a daemon). */
export async function unlockRunningDaemon(ctx: Context): Promise<void> {
  const store = await ctx.store();
  if (!store.passphraseKeys) return;
  const { socketPath, world } = daemonAddress(ctx.env, ctx.paths);
  await withRunningDaemon(
    socketPath,
    async (c) => {
      const material = await currentKey(ctx);
      if (material) await sendKey(c, socketPath, material);
    },
    { world },
  );
}
