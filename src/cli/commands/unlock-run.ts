import { NotLoggedInError, SecretStoreError } from '../../core/errors.js';
import { forEachStateDaemon } from '../../daemon/client/state-daemons.js';
import { DaemonUnavailableError } from '../../daemon/errors.js';
import { chooseStoreKind } from '../../store/key-provider.js';
import type { Context } from '../context.js';
import { daemonAddress } from '../../daemon/socket-path.js';
import { stateIdOf } from '../../daemon/world.js';
import { sendKey } from '../daemon-unlock.js';
import { ensureWorldDaemon } from '../start-daemon.js';

/** Keychain and memory stores: one line, exit 0, so a shell profile may run it on every machine. */
function notPassphraseStore(ctx: Context, command: string): boolean {
  const kind = chooseStoreKind(ctx.env);
  if (kind === 'passphrase') return false;
  ctx.io.stderr.write(
    `awsid ${command} is only for the passphrase store (AWSID_SECRET_STORE=passphrase); the ${kind} store has nothing to ${command}\n`,
  );
  return true;
}

export async function runUnlock(ctx: Context): Promise<number> {
  if (notPassphraseStore(ctx, 'unlock')) return 0;
  const store = await ctx.store();
  // Asks on a TTY (or takes AWSID_PASSPHRASE) and proves the key opens the file: a wrong
  // passphrase is WrongPassphraseError here, before anything reaches the daemon.
  const material = await store.passphraseKeys?.currentKey();
  if (!material) {
    throw new NotLoggedInError(`nothing is sealed yet (${store.describe()}): no key to hand over`, {
      hint: 'awsid login',
    });
  }
  const { socketPath } = daemonAddress(ctx.env, ctx.paths);
  let connection;
  try {
    connection = await ensureWorldDaemon(ctx);
  } catch (e) {
    if (!(e instanceof DaemonUnavailableError)) throw e;
    throw new SecretStoreError(`cannot unlock the awsid daemon: ${e.message}`, {
      hint: e.hint ?? 'awsid daemon run   (shows why in the foreground)',
      cause: e,
    });
  }
  try {
    await sendKey(connection, socketPath, material);
  } finally {
    connection.close();
  }
  ctx.io.stderr.write(
    `Unlocked the awsid daemon (pid ${connection.daemon.pid}): it keeps the key in memory until it exits or you run awsid lock.\n`,
  );
  return 0;
}

export async function runLock(ctx: Context): Promise<number> {
  if (notPassphraseStore(ctx, 'lock')) return 0;
  const err = (line: string) => ctx.io.stderr.write(`${line}\n`);
  // Every daemon of this state directory, not only this world's: another world's daemon that
  // shares the sealed file would otherwise keep its key (src/daemon/client/state-daemons.ts).
  const locked = await forEachStateDaemon(
    daemonAddress(ctx.env, ctx.paths),
    stateIdOf(ctx.paths),
    async (c) => ({
      pid: c.daemon.pid,
      ...(await c.request('lock', {}, { timeoutMs: 5_000 })),
    }),
  );
  if (locked.length === 0) err('No awsid daemon is running: nothing to lock.');
  for (const { pid, wasUnlocked } of locked) {
    err(
      wasUnlocked
        ? `Locked the awsid daemon (pid ${pid}): it forgot the key and the role credentials it had cached.`
        : `The awsid daemon (pid ${pid}) was already locked.`,
    );
  }
  return 0;
}
