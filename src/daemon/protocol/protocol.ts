/**
 * The daemon wire protocol, declared once for the server, the client and the hot-path client
 * (after vscode-jsonrpc): newline-delimited JSON over a Unix socket.
 * Request `{v, id, method, params}`; response `{id, result}` or `{id, error}`.
 * Keep this file free of runtime imports: fast-client.ts bundles it.
 */
import type { RoleCredentials } from '../../core/model.js';
import type {
  LoginEnvFacts,
  CachedRoleStatus,
  CredentialServiceStatus,
  LoginNotice,
} from '../../credentials/credential-service.js';

// The credential service's own types, sent as they are (the daemon depends on it, not back).
export type { CachedRoleStatus, CredentialServiceStatus, LoginNotice };

/** Bumped only when a message shape changes incompatibly; the `hello` version string covers builds. */
export const PROTOCOL_VERSION = 1;

/** A request line longer than this is refused (it can only be a bug or abuse). */
export const MAX_LINE_BYTES = 64 * 1024;

export interface HelloParams {
  /** The client's awsid build, for the daemon's log. */
  version?: string;
  /** The client's world id (world.ts), for the daemon's log. */
  world?: string;
}

export interface HelloResult {
  /**
   * The daemon's build identity, `<package version>+<content hash of dist>`: a mismatch makes
   * the client replace it, so a rebuilt or upgraded awsid never talks to an old daemon.
   */
  version: string;
  /** The world the daemon serves (world.ts): a client of another world never uses its answers. */
  world: string;
  /**
   * The id of the state directory it serves (world.ts, stateIdOf): logout, lock and stop reach
   * every daemon of the caller's state directory, whatever its world. Absent from older daemons.
   */
  state?: string;
  protocol: number;
  pid: number;
  /** Epoch ms. */
  startedAt: number;
}

/**
 * What the login-flow choice needs from the caller's environment (src/sso/choose-login-flow.ts):
 * an auto-login follows the caller's terminal, not the daemon's (src/platform/login-environment.ts).
 */
export type { LoginEnvFacts };

export interface GetCredentialsParams {
  ssoSession: string;
  accountId: string;
  roleName: string;
  /**
   * Run one login for all waiting callers when the session has ended (docs/architecture.md).
   */
  autoLogin?: boolean;
  /** With autoLogin: the caller's environment, which picks the login flow. */
  loginEnv?: LoginEnvFacts;
}

/**
 * The fast client's `credential-process --profile P`: the daemon reads the profile from its
 * world's config file (the caller's; docs/architecture.md, "One daemon per world").
 */
export interface ProfileCredentialsParams {
  profile: string;
  autoLogin?: boolean;
  loginEnv?: LoginEnvFacts;
}

/**
 * RoleCredentials (`expiration` is epoch ms), plus, when asked by profile, that profile's client
 * `region`: `exec` and `env` set AWS_REGION from it as the full CLI does.
 */
export type CredentialsResult = RoleCredentials & { region?: string };

/** Whether the daemon can open the sealed state; never the key itself. */
export interface SecretStoreStatus {
  /** AWSID_SECRET_STORE as the daemon reads it: keychain, passphrase or memory. */
  kind: string;
  /** Passphrase store without a key (start-up, `awsid lock`): requests fail until `awsid unlock`. */
  locked: boolean;
}

export interface StatusResult extends HelloResult {
  socketPath: string;
  secretStore: SecretStoreStatus;
  requests: number;
  /** Epoch ms of the last request, or startedAt. */
  lastActivityAt: number;
  idleMs: number;
  service: CredentialServiceStatus;
}

export interface InvalidateParams {
  ssoSession?: string;
}

/**
 * `awsid unlock`: the passphrase store's data key, derived by the client (scrypt over the
 * passphrase and the file's salt). The passphrase itself never crosses the socket.
 */
export interface UnlockParams {
  /** The 32-byte data key, base64. */
  key: string;
  /** The scrypt salt in the sealed file's header: which file generation the key opens. */
  salt: string;
  /** The sealed file the client checked the key against (absolute path). */
  stateFile: string;
}

/** `awsid prompt`: what the daemon holds for profile P, never fetching anything. */
export interface ProfileStatusParams {
  profile: string;
}

export interface ProfileStatusResult {
  /** When the credentials it holds for P's role expire (epoch ms); null when it holds none. */
  expiration: number | null;
}

/**
 * `heldKey`: the passphrase store's data key an unlocked daemon holds, so the caller's own commands
 * (status, populate, access, ...) need no passphrase prompt of their own; null while locked or for
 * another store. Only over the caller's private, owner-checked socket (docs/architecture.md, Trust).
 */
export interface HeldKeyResult {
  material: UnlockParams | null;
}

export interface LockResult {
  /** False when the daemon held no key (already locked, or not the passphrase store). */
  wasUnlocked: boolean;
}

export interface MethodMap {
  hello: { params: HelloParams; result: HelloResult };
  getCredentials: {
    params: GetCredentialsParams | ProfileCredentialsParams;
    result: CredentialsResult;
  };
  status: { params: Record<string, never>; result: StatusResult };
  shutdown: { params: Record<string, never>; result: { ok: true } };
  invalidate: { params: InvalidateParams; result: { ok: true } };
  unlock: { params: UnlockParams; result: { ok: true } };
  lock: { params: Record<string, never>; result: LockResult };
  heldKey: { params: Record<string, never>; result: HeldKeyResult };
  profileStatus: { params: ProfileStatusParams; result: ProfileStatusResult };
  /** Writes the usage record's pending entries; answers once they are on disk (`awsid access`). */
  flushUsage: { params: Record<string, never>; result: { ok: true } };
}

export type Method = keyof MethodMap;
export type ParamsOf<M extends Method> = MethodMap[M]['params'];
export type ResultOf<M extends Method> = MethodMap[M]['result'];

export const METHODS: readonly Method[] = [
  'hello',
  'getCredentials',
  'status',
  'shutdown',
  'invalidate',
  'unlock',
  'lock',
  'profileStatus',
  'flushUsage',
  'heldKey',
];

export interface RequestMessage<M extends Method = Method> {
  v: number;
  id: number;
  method: M;
  params: ParamsOf<M>;
}

/** An error as it crosses the socket: enough for the client to print what `main` would print. */
export interface WireError {
  /** The error class name, e.g. `NotLoggedInError`; `InternalError` for bugs. */
  code: string;
  message: string;
  hint?: string;
  exitCode: number;
}

export type ResponseMessage =
  { id: number | null; result: unknown } | { id: number | null; error: WireError };

/**
 * Sent before the response, on the connection of the request `id` while it waits: the client
 * shows it and keeps waiting for the response.
 */
export interface NoticeMessage {
  id: number;
  notice: LoginNotice;
}

export function encodeMessage(message: RequestMessage | ResponseMessage | NoticeMessage): string {
  return `${JSON.stringify(message)}\n`;
}

/**
 * Splits a text stream into lines. Returns a feeder; `onLine` gets each complete line, `onOverflow`
 * fires once if a line grows past `maxBytes` (the caller then drops the connection). Callers set
 * `socket.setEncoding('utf8')` so a character split across two chunks is decoded whole.
 */
export function lineSplitter(
  onLine: (line: string) => void,
  onOverflow: () => void,
  maxBytes = MAX_LINE_BYTES,
): (chunk: string) => void {
  let buffered = '';
  let overflowed = false;
  return (chunk) => {
    if (overflowed) return;
    buffered += chunk;
    let nl = buffered.indexOf('\n');
    while (nl !== -1) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line.trim() !== '') onLine(line);
      nl = buffered.indexOf('\n');
    }
    if (buffered.length > maxBytes) {
      overflowed = true;
      onOverflow();
    }
  };
}

/** Bound on each string of a notice: a URL and a code are short; more is a broken daemon. */
const MAX_NOTICE_TEXT = 2048;

function parseNotice(value: unknown): LoginNotice | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const n = value as Record<string, unknown>;
  const text = (x: unknown): x is string =>
    typeof x === 'string' && x !== '' && x.length <= MAX_NOTICE_TEXT;
  if (!text(n.ssoSession) || !text(n.verificationUri)) return undefined;
  // Exactly one of the two kinds: a device code, or a browser sign-in.
  const device = text(n.userCode);
  if (device === (typeof n.browserOpened === 'boolean')) return undefined;
  const { waitSec } = n;
  if (typeof waitSec !== 'number' || !Number.isFinite(waitSec) || waitSec < 0) return undefined;
  return {
    ssoSession: n.ssoSession,
    verificationUri: n.verificationUri,
    ...(device
      ? { userCode: n.userCode as string }
      : { browserOpened: n.browserOpened as boolean }),
    waitSec,
  };
}

/**
 * Parses a response or notice line; undefined when it is neither (the caller treats that as a
 * broken daemon).
 */
export function parseResponse(line: string): ResponseMessage | NoticeMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'number' && v.id !== null) return undefined;
  if ('notice' in v) {
    const notice = parseNotice(v.notice);
    return typeof v.id === 'number' && notice ? { id: v.id, notice } : undefined;
  }
  if ('error' in v) {
    const e = v.error as Record<string, unknown> | null;
    if (typeof e !== 'object' || e === null || typeof e.message !== 'string') return undefined;
    const error: WireError = {
      code: typeof e.code === 'string' ? e.code : 'InternalError',
      message: e.message,
      exitCode: typeof e.exitCode === 'number' ? e.exitCode : 1,
    };
    if (typeof e.hint === 'string') error.hint = e.hint;
    return { id: v.id, error };
  }
  if ('result' in v) return { id: v.id, result: v.result };
  return undefined;
}

/** The `credentials` result checked field by field before anything is printed. */
export function isCredentialsResult(value: unknown): value is CredentialsResult {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c.accessKeyId === 'string' &&
    typeof c.secretAccessKey === 'string' &&
    typeof c.sessionToken === 'string' &&
    typeof c.expiration === 'number' &&
    Number.isFinite(c.expiration) &&
    (c.region === undefined || typeof c.region === 'string')
  );
}
