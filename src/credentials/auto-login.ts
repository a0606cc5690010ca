/**
 * Auto-login (`--auto-login`): one device flow per session however many callers find it ended,
 * and every one of them is told where to approve it, those waiting when the code arrives and
 * those who join later. Each caller waits a bounded time (a device code lives 10 minutes).
 */
import type { Clock } from '../core/clock.js';
import { LoginTimeoutError } from '../core/errors.js';
import { loginHint } from '../core/hints.js';
import type { LoginCode, LoginFn, LoginNotice } from './credential-service.js';
import { shareFlight } from './flights.js';

export interface AutoLoginOptions {
  login: LoginFn;
  clock: Clock;
  log: (line: string) => void;
  /** How long each caller waits for the sign-in. */
  timeoutMs: number;
}

export interface AutoLogin {
  /**
   * Starts the session's sign-in or joins the one in progress; `onNotice` hears where to approve
   * it. Rejects with LoginTimeoutError after `timeoutMs`, or with the sign-in's own error.
   */
  wait(ssoSession: string, onNotice?: (notice: LoginNotice) => void): Promise<void>;
  /** Sessions with a sign-in in progress. */
  inProgress(): string[];
}

interface Waiter {
  deadline: number;
  onNotice: ((notice: LoginNotice) => void) | undefined;
}

export function createAutoLogin(options: AutoLoginOptions): AutoLogin {
  const { clock, log, timeoutMs } = options;
  const flights = new Map<string, Promise<void>>();
  /** The code of each sign-in in progress, for callers who join after it was shown. */
  const codes = new Map<string, LoginCode>();
  const waiters = new Map<string, Set<Waiter>>();

  function tell(ssoSession: string, code: LoginCode, waiter: Waiter): void {
    const left = Math.min(code.expiresAt, waiter.deadline) - clock.now();
    waiter.onNotice?.({
      ssoSession,
      verificationUri: code.verificationUri,
      userCode: code.userCode,
      waitSec: Math.max(0, Math.round(left / 1000)),
    });
  }

  function start(ssoSession: string): Promise<void> {
    return shareFlight(flights, ssoSession, async () => {
      log(`starting auto-login for session '${ssoSession}'`);
      try {
        await options.login(ssoSession, (code) => {
          codes.set(ssoSession, code);
          for (const waiter of waiters.get(ssoSession) ?? []) tell(ssoSession, code, waiter);
        });
      } finally {
        codes.delete(ssoSession);
      }
    });
  }

  function timeout(ssoSession: string, signal: AbortSignal): Promise<void> {
    return clock.sleep(timeoutMs, signal).then(
      () => {
        throw new LoginTimeoutError(
          `timed out after ${Math.round(timeoutMs / 1000)} s waiting for the sign-in of session '${ssoSession}'`,
          { hint: loginHint(ssoSession) },
        );
      },
      () => {},
    );
  }

  return {
    async wait(ssoSession, onNotice) {
      const waiter: Waiter = { deadline: clock.now() + timeoutMs, onNotice };
      const group = waiters.get(ssoSession) ?? new Set<Waiter>();
      waiters.set(ssoSession, group);
      group.add(waiter);
      const timer = new AbortController();
      try {
        const flight = start(ssoSession);
        const code = codes.get(ssoSession);
        if (code) tell(ssoSession, code, waiter);
        await Promise.race([flight, timeout(ssoSession, timer.signal)]);
      } finally {
        timer.abort();
        group.delete(waiter);
        if (group.size === 0 && waiters.get(ssoSession) === group) waiters.delete(ssoSession);
      }
    },

    inProgress: () => [...flights.keys()],
  };
}
