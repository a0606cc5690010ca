/** `failNext`: scripted failures that replace the next N answers of one operation. */
import {
  isOidcShape,
  isPortalShape,
  OidcError,
  oidcWire,
  PortalError,
  portalWire,
} from './errors.js';
import type { Outgoing } from './http.js';
import type { FaultSpec, Operation } from './types.js';

export type Service = 'oidc' | 'portal' | 'page' | 'signin';

const OIDC_OPS: readonly Operation[] = [
  'RegisterClient',
  'StartDeviceAuthorization',
  'CreateToken',
];

export function serviceOf(operation: Operation): Service {
  if (OIDC_OPS.includes(operation)) return 'oidc';
  if (operation === 'GetSigninToken' || operation === 'FederationLogin') return 'signin';
  return operation === 'DevicePage' || operation === 'Authorize' ? 'page' : 'portal';
}

export class FaultQueue {
  private readonly queues = new Map<Operation, Array<{ fault: FaultSpec; left: number }>>();

  add(operation: Operation, fault: FaultSpec): void {
    const count = fault.count ?? 1;
    if (!Number.isInteger(count) || count < 1) {
      throw new Error(`fake-idc: failNext count must be >= 1, got ${count}`);
    }
    if (fault.shape !== 'garbage') {
      // Build the answer once now so a bad shape fails in the test, not on the wire.
      faultResponse(serviceOf(operation), fault);
    }
    const queue = this.queues.get(operation) ?? [];
    queue.push({ fault, left: count });
    this.queues.set(operation, queue);
  }

  /** Returns and forgets the faults no request has taken, one line each (`Operation: shape xN`). */
  takeUnconsumed(): string[] {
    const left = [...this.queues].flatMap(([operation, queue]) =>
      queue.map(({ fault, left }) => `${operation}: ${fault.shape} x${left}`),
    );
    this.queues.clear();
    return left;
  }

  take(operation: Operation): FaultSpec | undefined {
    const queue = this.queues.get(operation);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.left -= 1;
    if (head.left === 0) queue.shift();
    return head.fault;
  }
}

export function faultResponse(service: Service, fault: FaultSpec): Outgoing {
  if (fault.shape === 'garbage') {
    return {
      status: fault.status ?? 200,
      headers: { 'content-type': 'application/json' },
      body: fault.body ?? '<html>fake-idc garbage: this is not JSON',
      errorShape: 'garbage',
      injected: true,
    };
  }
  const description = fault.description ?? `Injected ${fault.shape}`;
  if (service === 'signin') {
    // The federation endpoint is no JSON API: a refusal is a status and a line of text.
    return {
      status: fault.status ?? 400,
      headers: { 'content-type': 'text/plain' },
      body: description,
      errorShape: fault.shape,
      injected: true,
    };
  }
  if (service === 'oidc') {
    if (!isOidcShape(fault.shape)) {
      throw new Error(
        `fake-idc: ${fault.shape} is not an OIDC error shape (docs/protocol.md, "OIDC errors")`,
      );
    }
    const extra = fault.reason === undefined ? {} : { reason: fault.reason };
    const err = new OidcError(fault.shape, description, extra, fault.status);
    return { ...oidcWire(err), errorShape: fault.shape, injected: true };
  }
  if (!isPortalShape(fault.shape) && fault.status === undefined) {
    throw new Error(`fake-idc: ${fault.shape} is not a known portal shape; give a status`);
  }
  const err = new PortalError(fault.shape, description, fault.status);
  return { ...portalWire(err), errorShape: fault.shape, injected: true };
}

/**
 * A tarpit: requests for the held operations are read and then never answered, as a dead network
 * path or a stuck server looks to a client (the connection stays open, no byte comes back). The
 * release function stops holding and drops the held connections; close() drops them too.
 */
export class Tarpit {
  private readonly operations = new Set<Operation>();
  private readonly held = new Set<{ destroy(): void }>();
  /** Requests held so far, released or not. */
  caught = 0;

  hold(operation: Operation): () => void {
    this.operations.add(operation);
    return () => {
      this.operations.delete(operation);
      for (const res of this.held) res.destroy();
      this.held.clear();
    };
  }

  /** Keeps `res` unanswered when its operation is held; true when it did. */
  catch(
    operation: Operation,
    res: { destroy(): void; once(e: 'close', f: () => void): void },
  ): boolean {
    if (!this.operations.has(operation)) return false;
    this.caught += 1;
    this.held.add(res);
    res.once('close', () => this.held.delete(res));
    return true;
  }
}
