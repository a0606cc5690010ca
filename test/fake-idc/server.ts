/** The HTTP side: route table, fault/throttle gates, error wire forms, request log. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Ctx } from './context.js';
import { devicePage } from './device-page.js';
import { authorize } from './routes-authorize.js';
import { OidcError, oidcWire, PortalError, portalWire } from './errors.js';
import { faultResponse, type FaultQueue, serviceOf, type Tarpit } from './faults.js';
import { readIncoming, writeOutgoing, type Incoming, type Outgoing } from './http.js';
import { createToken, registerClient, startDeviceAuthorization } from './routes-oidc.js';
import { getRoleCredentials, listAccountRoles, listAccounts, logout } from './routes-portal.js';
import { federationLogin, getSigninToken } from './routes-signin.js';
import type { TokenBucket } from './throttle.js';
import type { LogEntry, Operation } from './types.js';

interface Route {
  method: string;
  path: string;
  operation: Operation;
  /** The `Action` query parameter it answers (the federation endpoint has one path). */
  action?: string;
  handle: (ctx: Ctx, req: Incoming) => Outgoing;
}

// One origin serves both services; the paths do not collide (docs/protocol.md, "Endpoint
// overrides").
const ROUTES: readonly Route[] = [
  { method: 'POST', path: '/client/register', operation: 'RegisterClient', handle: registerClient },
  {
    method: 'POST',
    path: '/device_authorization',
    operation: 'StartDeviceAuthorization',
    handle: startDeviceAuthorization,
  },
  { method: 'POST', path: '/token', operation: 'CreateToken', handle: createToken },
  { method: 'GET', path: '/assignment/accounts', operation: 'ListAccounts', handle: listAccounts },
  {
    method: 'GET',
    path: '/assignment/roles',
    operation: 'ListAccountRoles',
    handle: listAccountRoles,
  },
  {
    method: 'GET',
    path: '/federation/credentials',
    operation: 'GetRoleCredentials',
    handle: getRoleCredentials,
  },
  { method: 'POST', path: '/logout', operation: 'Logout', handle: logout },
  { method: 'GET', path: '/device', operation: 'DevicePage', handle: devicePage },
  { method: 'POST', path: '/device', operation: 'DevicePage', handle: devicePage },
  { method: 'GET', path: '/authorize', operation: 'Authorize', handle: authorize },
  {
    method: 'GET',
    path: '/federation',
    action: 'getSigninToken',
    operation: 'GetSigninToken',
    handle: getSigninToken,
  },
  {
    method: 'GET',
    path: '/federation',
    action: 'login',
    operation: 'FederationLogin',
    handle: federationLogin,
  },
];

/**
 * Answers no correct client provokes: the input is malformed whatever the fake's state, so a test
 * that gets one has a sloppy client (or a bad test). Recorded as `unexpected` (types.ts).
 */
const MALFORMED: ReadonlySet<string> = new Set([
  'InvalidRequestException',
  'InvalidClientMetadataException',
  'UnsupportedGrantTypeException',
]);

export interface Gates {
  faults: FaultQueue;
  tarpit: Tarpit;
  portalBucket: TokenBucket | undefined;
  oidcBucket: TokenBucket | undefined;
}

const findRoute = (req: Incoming): Route | undefined =>
  ROUTES.find(
    (r) =>
      r.method === req.method &&
      r.path === req.path &&
      (r.action === undefined || req.query.getAll('Action').join() === r.action),
  );

function unmatched(req: Incoming): Outgoing {
  const known = ROUTES.map((r) => `${r.method} ${r.path}`).join(', ');
  return {
    status: 404,
    headers: { 'x-amzn-errortype': 'FakeIdcUnmatchedRoute' },
    body: JSON.stringify({
      message: `fake-idc: no route for ${req.method} ${req.path}; known: ${known}`,
    }),
    errorShape: 'FakeIdcUnmatchedRoute',
    unexpected: `no route for ${req.method} ${req.path}`,
  };
}

/** Throttling: portal → 429 TooManyRequests; OIDC register/start → SlowDown (docs/protocol.md). */
function throttled(route: Route, gates: Gates): Outgoing | undefined {
  const service = serviceOf(route.operation);
  if (service === 'portal' && gates.portalBucket?.take() === false) {
    return faultResponse('portal', {
      shape: 'TooManyRequestsException',
      description: 'Too many requests',
    });
  }
  const oidcLimited =
    route.operation === 'RegisterClient' || route.operation === 'StartDeviceAuthorization';
  if (oidcLimited && gates.oidcBucket?.take() === false) {
    return faultResponse('oidc', { shape: 'SlowDownException', description: 'Too many requests' });
  }
  return undefined;
}

function run(ctx: Ctx, gates: Gates, route: Route, req: Incoming): Outgoing {
  const fault = gates.faults.take(route.operation);
  if (fault) return faultResponse(serviceOf(route.operation), fault);
  const limited = throttled(route, gates);
  if (limited) return limited;
  try {
    return route.handle(ctx, req);
  } catch (e) {
    const unexpected =
      (e instanceof OidcError || e instanceof PortalError) && MALFORMED.has(e.shape)
        ? { unexpected: e.message }
        : {};
    if (e instanceof OidcError) return { ...oidcWire(e), errorShape: e.shape, ...unexpected };
    if (e instanceof PortalError) return { ...portalWire(e), errorShape: e.shape, ...unexpected };
    // A bug in the fake: answer 500 with the reason so the failing test shows it.
    const reason = `fake-idc bug: ${e instanceof Error ? e.stack : String(e)}`;
    const wire =
      serviceOf(route.operation) === 'oidc'
        ? oidcWire(new OidcError('InternalServerException', reason))
        : portalWire(new PortalError('InternalServerException', reason));
    return {
      ...wire,
      errorShape: 'InternalServerException',
      unexpected: reason.split('\n', 1)[0] ?? reason,
    };
  }
}

export function makeListener(
  ctx: Ctx,
  gates: Gates,
  log: LogEntry[],
  onRequest: ((entry: LogEntry) => void) | undefined,
) {
  const answer = (res: ServerResponse, incoming: Incoming, out: Outgoing, route?: Route): void => {
    const entry: LogEntry = {
      method: incoming.method,
      path: incoming.path,
      query: Object.fromEntries(incoming.query),
      operation: route ? route.operation : 'unmatched',
      status: out.status,
      ...(out.errorShape === undefined ? {} : { errorShape: out.errorShape }),
      ...(out.injected ? { injected: true } : {}),
      ...(out.unexpected === undefined ? {} : { unexpected: out.unexpected }),
      at: ctx.now(),
    };
    log.push(entry);
    writeOutgoing(res, out, randomUUID());
    onRequest?.(entry);
  };
  return (req: IncomingMessage, res: ServerResponse): void => {
    readIncoming(req).then(
      (incoming) => {
        const route = findRoute(incoming);
        if (route && gates.tarpit.catch(route.operation, res)) return;
        answer(
          res,
          incoming,
          route ? run(ctx, gates, route, incoming) : unmatched(incoming),
          route,
        );
      },
      (e: unknown) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const incoming: Incoming = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: '',
        };
        const message = e instanceof Error ? e.message : String(e);
        const out = { status: 413, body: JSON.stringify({ message }), unexpected: message };
        answer(res, incoming, out, findRoute(incoming));
      },
    );
  };
}
