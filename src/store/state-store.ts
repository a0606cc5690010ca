import { resolve } from 'node:path';

import type { Clock } from '../core/clock.js';
import type { AwsidError } from '../core/errors.js';
import type { Env } from '../platform/env.js';
import { napiKeychain, type Keychain } from '../platform/keychain.js';
import { loginEnvironment } from '../platform/login-environment.js';
import { inspectOwnedSocket } from '../platform/private-dir.js';
import type { Paths } from '../platform/paths.js';
import { KeychainKeyProvider } from './key-keychain.js';
import { PassphraseKeyProvider } from './key-passphrase.js';
import { chooseStoreKind, type StoreKind } from './key-provider.js';
import { MemoryStateStore } from './memory-store.js';
import type { KeyMaterial, PassphraseKeys } from './passphrase-keys.js';
import { SealedStateStore } from './sealed-store.js';
import type { AwsidState } from './state.js';

export type { AwsidState, Registration, SessionState, SessionToken } from './state.js';
export type { StoreKind } from './key-provider.js';
export type { KeyMaterial, PassphraseKeys } from './passphrase-keys.js';
export { FenceLostError } from '../platform/locked-update.js';

export interface UpdateResult<T> {
  state: AwsidState;
  result: T;
}

/**
 * Given to an update's `fn` for a step that cannot be taken back, such as sending a refresh token
 * that Identity Center rotates: `check()` resolves while the lock is still this update's and the
 * file unchanged since its read; otherwise it throws `FenceLostError`, the store drops this run
 * and starts `fn` over on a fresh read under a re-taken lock (so nothing is sent by a holder that
 * was paused past the lock's stale limit).
 */
export interface UpdateFence {
  check(): Promise<void>;
}

export type UpdateFn<T> = (
  state: AwsidState,
  fence: UpdateFence,
) => Promise<UpdateResult<T>> | UpdateResult<T>;

/** awsid's one secret document (per sso-session: client registration and tokens). */
export interface StateStore {
  readonly kind: StoreKind;
  /** For people (doctor, status), e.g. "OS keychain (Secret Service) + sealed file ~/.local/state/awsid/state.sealed". */
  describe(): string;
  /** The current state; empty when nothing is stored yet (then no keychain or passphrase is needed). */
  read(): Promise<AwsidState>;
  /**
   * Read-modify-write under the cross-process lock: re-reads the file, applies `fn` to a copy,
   * writes atomically (0600) when the state changed. `fn` may do network I/O while holding the
   * lock: that is how refresh-token rotation stays single-flight across processes, and it calls
   * `fence.check()` right before such a call.
   */
  update<T>(fn: UpdateFn<T>): Promise<T>;
  /**
   * Moves an unreadable sealed file aside to `state.sealed.unreadable-<time>` (never deletes) and
   * returns the new path; undefined when there was nothing unreadable to move. Login uses it to
   * recover from CorruptStateError.
   */
  quarantine(): Promise<string | undefined>;
  /** Proves the store usable now (keychain reachable, passphrase known, file opens); for doctor and before login. */
  probe(): Promise<void>;
  /** The passphrase store's key, for `awsid unlock` and the daemon; absent for the other stores. */
  readonly passphraseKeys?: PassphraseKeys | undefined;
}

export interface OpenStateStoreOptions {
  env: Env;
  paths: Paths;
  clock: Clock;
  /** Asks for the passphrase store's passphrase when AWSID_PASSPHRASE is unset (only with a TTY). */
  promptPassphrase?: () => Promise<string>;
  /**
   * The daemon: the passphrase store uses no passphrase at all, only keys handed over through
   * `passphraseKeys.acceptKey`; without one it fails with this error.
   */
  keysOnly?: () => AwsidError;
  /** The key an unlocked daemon of this world holds, asked before any prompt (key-passphrase.ts). */
  daemonKey?: () => Promise<KeyMaterial | undefined>;
  /** Bound on each keychain call; default 3000 ms. */
  keychainTimeoutMs?: number;
  /** The OS keychain; defaults to @napi-rs/keyring (tests wrap the real one to count calls). */
  keychain?: Keychain;
  /** Lock tuning (tests): stale limit and how long to wait. */
  lock?: { staleMs?: number; waitMs?: number };
}

/**
 * Picks the store from AWSID_SECRET_STORE (keychain by default, passphrase, memory; anything else
 * is a UsageError). Touches neither keychain nor disk: that happens on first read/update/probe.
 */
export function openStateStore(opts: OpenStateStoreOptions): Promise<StateStore> {
  return Promise.resolve().then(() => createStore(opts));
}

/**
 * The user's session bus (`$XDG_RUNTIME_DIR/bus`, systemd's per-user bus that a desktop session's
 * keychain listens on), when it is this user's socket and not the bus this shell already uses.
 */
function desktopBus(env: Env): { desktopBus: string | undefined } {
  const bus = env.XDG_RUNTIME_DIR ? `${env.XDG_RUNTIME_DIR}/bus` : undefined;
  const current = env.DBUS_SESSION_BUS_ADDRESS ?? '';
  const usable =
    bus !== undefined &&
    inspectOwnedSocket(bus) === 'ours' &&
    current !== `unix:path=${bus}` &&
    !current.startsWith(`unix:path=${bus},`);
  return { desktopBus: usable ? bus : undefined };
}

function createStore(opts: OpenStateStoreOptions): StateStore {
  const kind = chooseStoreKind(opts.env);
  if (kind === 'memory') return new MemoryStateStore();
  const provider =
    kind === 'keychain'
      ? new KeychainKeyProvider({
          keychain: opts.keychain ?? napiKeychain(),
          account: `data-key:${resolve(opts.paths.stateDir)}`,
          clock: opts.clock,
          timeoutMs: opts.keychainTimeoutMs,
          overSsh: loginEnvironment(opts.env).ssh ? () => desktopBus(opts.env) : undefined,
        })
      : new PassphraseKeyProvider({
          env: opts.env,
          promptPassphrase: opts.promptPassphrase,
          keysOnly: opts.keysOnly,
          daemonKey: opts.daemonKey,
        });
  return new SealedStateStore({ paths: opts.paths, clock: opts.clock, provider, lock: opts.lock });
}
