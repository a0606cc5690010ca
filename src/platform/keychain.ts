import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The OS keychain, reduced to what awsid needs: one small secret per (service, account).
 * `get` resolves null only when the item is absent; an unreachable or locked store rejects.
 * Callers bound every call with `signal` (after gh's 3-second keyring wrapper, cli/cli
 * internal/keyring/keyring.go).
 */
export interface Keychain {
  /** The store's name for messages, e.g. "Secret Service". */
  readonly name: string;
  /** What a person can do when the store cannot be reached. */
  readonly fixHint: string;
  get(service: string, account: string, signal: AbortSignal): Promise<string | null>;
  set(service: string, account: string, value: string, signal: AbortSignal): Promise<void>;
  /** Removes the item; resolves false when there was none (`awsid uninstall`). */
  delete?(service: string, account: string, signal: AbortSignal): Promise<boolean>;
}

// Runs inside a worker thread. With the secret-service store, `new AsyncEntry()` talks to D-Bus
// *synchronously*: against a bus that accepts but never answers it blocked the JS thread for
// libdbus' 25 s reply timeout (measured here), so no timer on the main thread could fire. In a
// worker only that thread blocks; the caller gives up on time and the process can still exit.
// `linux.store` is pinned: without it @napi-rs/keyring silently falls back to keyutils,
// which fails with AccessDenied and leaves a stray key.
const WORKER_SOURCE = `
const { parentPort, workerData: w } = require('node:worker_threads');
(async () => {
  const { AsyncEntry } = require(w.module);
  const signal = AbortSignal.timeout(w.timeoutMs);
  const entry = new AsyncEntry(w.service, w.account, { linux: { store: 'secret-service' } });
  if (w.op === 'get') return { value: await entry.getPassword(signal) };
  if (w.op === 'delete') return { value: (await entry.deleteCredential(signal)) ? 'deleted' : null };
  await entry.setPassword(w.value, signal);
  return { value: null };
})().then(
  (r) => parentPort.postMessage({ ok: true, value: r.value }),
  (e) => parentPort.postMessage({ ok: false, message: String((e && e.message) || e) }),
);
`;

interface Job {
  op: 'get' | 'set' | 'delete';
  service: string;
  account: string;
  value?: string;
}

type Reply = { ok: true; value: string | null } | { ok: false; message: string };

function runJob(job: Job, signal: AbortSignal): Promise<string | null> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const module = createRequire(import.meta.url).resolve('@napi-rs/keyring');
    // The worker's own signal is a backstop; the caller's signal is what bounds the call.
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { ...job, module, timeoutMs: 30_000 },
    });
    let settled = false;
    const finish = (settle: () => void): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      settle();
      // A worker stuck in native code cannot be stopped, but unref'd it does not keep us alive.
      worker.unref();
      worker.terminate().catch(() => undefined);
    };
    const onAbort = (): void => finish(() => reject(signal.reason as Error));
    signal.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (m: Reply) =>
      finish(() => (m.ok ? resolve(m.value) : reject(new Error(m.message)))),
    );
    worker.once('error', (e) => finish(() => reject(e)));
    worker.once('exit', (code) =>
      finish(() =>
        reject(new Error(`the keychain worker stopped (exit ${code}) without an answer`)),
      ),
    );
  });
}

function storeName(): { name: string; fixHint: string } {
  switch (process.platform) {
    case 'darwin':
      return { name: 'macOS Keychain', fixHint: 'unlock the login keychain' };
    case 'win32':
      return { name: 'Windows Credential Manager', fixHint: 'check Windows Credential Manager' };
    default:
      return { name: 'Secret Service', fixHint: 'start a Secret Service (gnome-keyring)' };
  }
}

/** The real keychain through @napi-rs/keyring, each call in a short-lived worker thread. */
export function napiKeychain(): Keychain {
  return {
    ...storeName(),
    get: (service, account, signal) => runJob({ op: 'get', service, account }, signal),
    set: async (service, account, value, signal) => {
      await runJob({ op: 'set', service, account, value }, signal);
    },
    delete: async (service, account, signal) =>
      (await runJob({ op: 'delete', service, account }, signal)) !== null,
  };
}
