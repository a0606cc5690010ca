/**
 * Device authorizations (StartDeviceAuthorization + CreateToken device_code polling). Poll pacing
 * follows RFC 8628 section 3.5: a poll sooner than `interval` after the previous poll gets
 * slow_down and the interval grows by 5 s for this and all later polls. `pollToleranceMs` (default
 * 100) forgives timer jitter: a poll that early is still accepted.
 */
import type { Client } from './clients.js';
import type { FakeIdcConfig } from './config.js';
import { OidcError } from './errors.js';
import { decide } from './person.js';
import type { SecretMint } from './secrets.js';
import type { DeviceAuthorizationInfo, DeviceAuthorizationStatus, Person } from './types.js';

interface DeviceAuth {
  deviceCode: string;
  userCode: string;
  clientId: string;
  startUrl: string;
  expiresAt: number;
  intervalSec: number;
  lastPollAt: number | undefined;
  polls: number;
  person: Person;
  /** Set by approve()/deny() or by the person at a poll; final once set. */
  decision: 'approved' | 'denied' | undefined;
  exchanged: boolean;
}

export class DeviceStore {
  private readonly byCode = new Map<string, DeviceAuth>();
  private readonly waiters: Array<(info: DeviceAuthorizationInfo) => void> = [];
  private person: Person;

  constructor(
    private readonly mint: SecretMint,
    private readonly now: () => number,
    private readonly config: FakeIdcConfig,
    private readonly origin: () => string,
  ) {
    this.person = config.person;
  }

  start(client: Client, startUrl: string): DeviceAuth {
    const auth: DeviceAuth = {
      deviceCode: this.mint.deviceCode(),
      userCode: this.mint.userCode(),
      clientId: client.clientId,
      startUrl,
      expiresAt: this.now() + this.config.deviceCodeTtlMs,
      intervalSec: this.config.intervalSec,
      lastPollAt: undefined,
      polls: 0,
      person: this.person,
      decision: undefined,
      exchanged: false,
    };
    this.byCode.set(auth.deviceCode, auth);
    const info = this.info(auth);
    for (const resolve of this.waiters.splice(0)) resolve(info);
    return auth;
  }

  verificationUri(): string {
    return `https://device.sso.${this.config.region}.amazonaws.com/`;
  }

  /** Returns the authorization when the person approved it (now marked exchanged). */
  poll(client: Client, deviceCode: string): DeviceAuth {
    const auth = this.byCode.get(deviceCode);
    if (!auth || auth.clientId !== client.clientId) {
      throw new OidcError('InvalidGrantException', 'Invalid device code provided');
    }
    if (auth.exchanged) {
      throw new OidcError('InvalidGrantException', 'Device code has already been exchanged');
    }
    const now = this.now();
    if (now >= auth.expiresAt) throw new OidcError('ExpiredTokenException', 'Device code expired');
    const last = auth.lastPollAt;
    auth.lastPollAt = now;
    if (last !== undefined && now - last < auth.intervalSec * 1000 - this.config.pollToleranceMs) {
      auth.intervalSec += 5;
      throw new OidcError(
        'SlowDownException',
        `Client is polling too fast; wait ${auth.intervalSec} s`,
      );
    }
    auth.polls += 1;
    if (auth.decision === undefined) {
      const d = decide(auth.person, auth.polls);
      if (d !== 'pending') auth.decision = d;
    }
    if (auth.decision === 'denied') {
      throw new OidcError('AccessDeniedException', 'The user denied the authorization request');
    }
    if (auth.decision !== 'approved') {
      throw new OidcError('AuthorizationPendingException', 'Authorization is still pending');
    }
    auth.exchanged = true;
    return auth;
  }

  /** The person for new authorizations (a browser sign-in decides at once). */
  currentPerson(): Person {
    return this.person;
  }

  setPerson(person: Person): void {
    this.person = person;
    for (const a of this.byCode.values()) if (this.status(a) === 'pending') a.person = person;
  }

  decideByHand(decision: 'approved' | 'denied', userCode?: string): void {
    const pending = [...this.byCode.values()].filter((a) => this.status(a) === 'pending');
    const chosen =
      userCode === undefined ? pending : pending.filter((a) => a.userCode === userCode);
    if (chosen.length === 0) {
      const what = userCode === undefined ? 'any' : `user code ${userCode}`;
      throw new Error(`fake-idc: no pending device authorization for ${what}`);
    }
    for (const a of chosen) a.decision = decision;
  }

  list(): DeviceAuthorizationInfo[] {
    return [...this.byCode.values()].map((a) => this.info(a));
  }

  byUserCode(userCode: string): DeviceAuthorizationInfo | undefined {
    const found = [...this.byCode.values()].find((a) => a.userCode === userCode);
    return found && this.info(found);
  }

  waitForPending(): Promise<DeviceAuthorizationInfo> {
    const first = this.list().find((a) => a.status === 'pending');
    if (first) return Promise.resolve(first);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private status(a: DeviceAuth): DeviceAuthorizationStatus {
    if (a.exchanged) return 'exchanged';
    if (this.now() >= a.expiresAt) return 'expired';
    return a.decision ?? 'pending';
  }

  private info(a: DeviceAuth): DeviceAuthorizationInfo {
    const q = `?user_code=${encodeURIComponent(a.userCode)}`;
    return {
      userCode: a.userCode,
      clientId: a.clientId,
      startUrl: a.startUrl,
      status: this.status(a),
      polls: a.polls,
      intervalSec: a.intervalSec,
      expiresAt: a.expiresAt,
      verificationUriComplete: `${this.verificationUri()}${q}`,
      approvalUrl: `${this.origin()}/device${q}`,
    };
  }
}
