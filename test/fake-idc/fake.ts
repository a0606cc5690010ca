/** `startFakeIdc`: wires the stores to a node:http server on 127.0.0.1. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { FakeClock } from '../helpers/fake-clock.js';
import { checkAccounts } from './accounts.js';
import { AuthCodeStore } from './auth-codes.js';
import { ClientStore } from './clients.js';
import { checkPerson, resolveConfig } from './config.js';
import type { Ctx } from './context.js';
import { DeviceStore } from './devices.js';
import { FaultQueue, Tarpit } from './faults.js';
import { Pager } from './pager.js';
import { SecretMint } from './secrets.js';
import { makeListener } from './server.js';
import { SigninStore } from './signin.js';
import { TokenBucket } from './throttle.js';
import { TokenStore } from './tokens.js';
import type { FakeIdc, FakeIdcOptions, LogEntry } from './types.js';

export async function startFakeIdc(options: FakeIdcOptions = {}): Promise<FakeIdc> {
  const config = resolveConfig(options);
  // The caller's clock, or real time plus whatever advance() adds (child processes read real time).
  const clock = options.now ? { now: options.now } : new FakeClock({ realTime: true });
  const now = clock.now;
  const mint = new SecretMint();
  let origin = '';
  const ctx: Ctx = {
    config,
    now,
    mint,
    clients: new ClientStore(mint, now, config.registrationTtlMs),
    devices: new DeviceStore(mint, now, config, () => origin),
    authCodes: new AuthCodeStore(mint, now, config.authCodeTtlMs),
    tokens: new TokenStore(mint, now, config),
    pager: new Pager(mint),
    signin: new SigninStore(mint, now),
    accounts: config.accounts,
    onDeviceAuthorization: options.onDeviceAuthorization,
  };
  const { portalRps, oidcRps } = options.throttle ?? {};
  const gates = {
    faults: new FaultQueue(),
    tarpit: new Tarpit(),
    portalBucket: portalRps === undefined ? undefined : new TokenBucket(portalRps, now),
    oidcBucket: oidcRps === undefined ? undefined : new TokenBucket(oidcRps, now),
  };
  const log: LogEntry[] = [];
  let unexpected: LogEntry[] = [];
  const onRequest = (entry: LogEntry): void => {
    if (entry.unexpected !== undefined) unexpected.push(entry);
    options.onRequest?.(entry);
  };
  const server = createServer(makeListener(ctx, gates, log, onRequest));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  const takeUnexpected = (): LogEntry[] => {
    const taken = unexpected;
    unexpected = [];
    return taken;
  };
  const unexpectedReport = (): string | undefined => {
    const left = takeUnexpected();
    if (left.length === 0) return undefined;
    const lines = left.map((e) => `  ${e.method} ${e.path} -> ${e.status}: ${e.unexpected}`);
    return (
      `fake-idc: ${left.length} unexpected request(s), which no correct client sends ` +
      `(take them with fake.takeUnexpected() where a test sends them on purpose):\n${lines.join('\n')}`
    );
  };
  // A fault the code never met tested nothing: the test's premise is wrong, so it fails too.
  const unconsumedReport = (): string | undefined => {
    const left = gates.faults.takeUnconsumed();
    if (left.length === 0) return undefined;
    return (
      `fake-idc: ${left.length} injected fault(s) never answered a request (failNext ` +
      `scripted a failure the client did not meet):\n  ${left.join('\n  ')}`
    );
  };
  const assertNoUnexpected = (): void => {
    const report = unexpectedReport();
    if (report) throw new Error(report);
  };

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      // SDK clients keep connections alive; without this close() waits for their idle timeout.
      server.closeAllConnections();
    });
    await closing;
    if (options.allowUnexpected) return;
    const reports = [unconsumedReport(), unexpectedReport()].filter((r) => r !== undefined);
    if (reports.length > 0) throw new Error(reports.join('\n'));
  };

  return {
    url: origin,
    port,
    region: config.region,
    log,
    count: (operation) => log.filter((e) => e.operation === operation).length,
    issuedSecrets: () => mint.issued(),
    setPerson: (person) => ctx.devices.setPerson(checkPerson(person)),
    approve: (userCode) => ctx.devices.decideByHand('approved', userCode),
    deny: (userCode) => ctx.devices.decideByHand('denied', userCode),
    deviceAuthorizations: () => ctx.devices.list(),
    authorizeRequests: () => [...ctx.authCodes.requests],
    waitForDeviceAuthorization: () => ctx.devices.waitForPending(),
    expireAccessTokens: () => ctx.tokens.expireAccessTokens(),
    endSession: () => ctx.tokens.endSessions(),
    revokeAll: () => ctx.tokens.revokeAll(),
    expireRegistrations: () => ctx.clients.expireAll(),
    signinTokens: () => ctx.signin.list(),
    setAccounts: (accounts) => {
      ctx.accounts = checkAccounts(accounts);
    },
    failNext: (operation, fault) => gates.faults.add(operation, fault),
    tarpit: (operation) => gates.tarpit.hold(operation),
    tarpitted: () => gates.tarpit.caught,
    takeUnexpected,
    assertNoUnexpected,
    advance: (ms) => {
      if (!(clock instanceof FakeClock)) {
        throw new Error(
          'fake-idc: advance() works only with the built-in clock (options.now was given)',
        );
      }
      clock.advance(ms);
    },
    now,
    close,
    [Symbol.asyncDispose]: close,
  };
}
