/**
 * Serving a connected client: each request line to one reply (parse, run the method, answer with
 * its result or wire error), with the socket and its work in progress tracked for close().
 */
import type { Socket } from 'node:net';

import type { Clock } from '../../core/clock.js';
import { AwsidError } from '../../core/errors.js';
import type { CredentialService } from '../../credentials/credential-cache.js';
import type { DaemonKeys } from './daemon-keys.js';
import { DaemonUnavailableError } from '../errors.js';
import {
  checkGetCredentialsParams,
  checkInvalidateParams,
  checkProfileStatusParams,
  checkUnlockParams,
  MalformedRequestError,
  parseRequest,
} from '../protocol/parse-request.js';
import type { HelloResult, RequestMessage } from '../protocol/protocol.js';
import type { ProfileRoles } from './profile-roles.js';
import { type Send, serveConnection } from './serve-connection.js';
import type { ServerState } from './server-state.js';
import { toWireError } from '../protocol/wire-errors.js';

export interface DispatchContext {
  hello: HelloResult;
  socketPath: string;
  idleMs: number;
  service: CredentialService;
  keys: DaemonKeys;
  clock: Clock;
  log: (line: string) => void;
  state: ServerState;
  /** Resolves `getCredentials` by profile; without it such requests go to the full CLI. */
  profileRoles: ProfileRoles | undefined;
  /** src/platform/file-access.ts for the daemon that serves (tests: the error as it is). */
  explainError: (e: unknown) => unknown;
  /** Called once a `shutdown` request has been answered. */
  close: () => void;
}

function profileRole(ctx: DispatchContext, profile: string) {
  if (!ctx.profileRoles) {
    // DaemonUnavailableError makes the fast client hand the call to the full CLI.
    throw new DaemonUnavailableError('this awsid daemon does not read profiles');
  }
  return ctx.profileRoles(profile);
}

async function dispatch(
  ctx: DispatchContext,
  request: RequestMessage,
  send: Send,
): Promise<unknown> {
  const { hello, service, keys, log, state } = ctx;
  const params = request.params as Record<string, unknown>;
  switch (request.method) {
    case 'hello':
      return hello;
    case 'getCredentials': {
      const checked = checkGetCredentialsParams(params);
      const { autoLogin } = checked;
      const { region, ...role } =
        'profile' in checked ? await profileRole(ctx, checked.profile) : { ...checked, region: '' };
      const creds = await service.getCredentials({
        ssoSession: role.ssoSession,
        accountId: role.accountId,
        roleName: role.roleName,
        ...(autoLogin === undefined ? {} : { autoLogin }),
        // Every caller waiting on an auto-login learns where to approve it (no browser here).
        onLoginNotice: (notice) => send({ id: request.id, notice }),
      });
      return region ? { ...creds, region } : creds;
    }
    case 'status':
      return {
        ...hello,
        socketPath: ctx.socketPath,
        requests: state.requests,
        lastActivityAt: state.lastActivityAt,
        idleMs: ctx.idleMs,
        secretStore: keys.status(),
        service: service.status(),
      };
    case 'invalidate': {
      const { ssoSession } = checkInvalidateParams(params);
      service.invalidate(ssoSession);
      log(`invalidated ${ssoSession === undefined ? 'all sessions' : `session '${ssoSession}'`}`);
      return { ok: true };
    }
    case 'unlock':
      await keys.unlock(checkUnlockParams(params));
      log('unlocked: holding the passphrase store key in memory');
      return { ok: true };
    case 'lock': {
      const result = keys.lock();
      // Credentials fetched with the key go too: a locked daemon serves nothing.
      service.invalidate();
      log(result.wasUnlocked ? 'locked: forgot the passphrase store key' : 'lock: held no key');
      return result;
    }
    case 'heldKey':
      // Same user, private socket: nothing the caller could not read from this process anyway.
      return { material: keys.held() ?? null };
    case 'profileStatus': {
      const role = await profileRole(ctx, checkProfileStatusParams(params).profile);
      const held = service
        .status()
        .cached.find(
          (c) =>
            c.ssoSession === role.ssoSession &&
            c.accountId === role.accountId &&
            c.roleName === role.roleName,
        );
      return { expiration: held ? held.expiration : null };
    }
    case 'shutdown':
      return { ok: true };
  }
}

async function handleRequest(
  ctx: DispatchContext,
  socket: Socket,
  line: string,
  send: Send,
): Promise<void> {
  const { clock, log, state } = ctx;
  let request: RequestMessage;
  try {
    request = parseRequest(line);
  } catch (e) {
    const id = e instanceof MalformedRequestError ? null : (JSON.parse(line) as { id: number }).id;
    send({ id, error: toWireError(e) });
    if (id === null) socket.end();
    return;
  }
  // A shell prompt asks on every command line: that alone must not keep an idle daemon alive.
  const activity = request.method !== 'profileStatus';
  state.requests += 1;
  if (activity) state.lastActivityAt = clock.now();
  try {
    send({ id: request.id, result: await dispatch(ctx, request, send) });
  } catch (thrown) {
    const e = ctx.explainError(thrown);
    if (!(e instanceof AwsidError)) log(`internal error in '${request.method}': ${String(e)}`);
    else if (request.method === 'getCredentials') log(`getCredentials failed: ${e.name}`);
    send({ id: request.id, error: toWireError(e) });
  } finally {
    if (activity) state.lastActivityAt = clock.now();
  }
  if (request.method === 'shutdown') ctx.close();
}

export function acceptConnection(ctx: DispatchContext, socket: Socket): void {
  const { state } = ctx;
  if (state.closing || socket.destroyed) {
    socket.destroy();
    return;
  }
  state.sockets.add(socket);
  socket.on('close', () => state.sockets.delete(socket));
  socket.on('error', () => {});
  socket.setEncoding('utf8');
  serveConnection(socket, {
    handle: (line, send) => handleRequest(ctx, socket, line, send),
    track: (work) => {
      state.inFlight.add(work);
      void work.finally(() => state.inFlight.delete(work));
    },
  });
}
