/**
 * Auto-login (`--auto-login`): one login per session however many callers find it ended, in the
 * flow the environment of the caller that started it calls for, and every one of them is told
 * where to approve it (the device code and its page, or the browser page), those waiting when it
 * is known and those who join later. Each caller waits a bounded time (a device code lives 10
 * minutes), and the timeout says what it waited for.
 */
import type { Clock } from '../core/clock.js';
import { LoginTimeoutError } from '../core/errors.js';
import { loginHint } from '../core/hints.js';
import { terminalSafe } from '../core/terminal-text.js';
import type { LoginCode, LoginEnvFacts, LoginFn, LoginNotice } from './credential-service.js';
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
  wait(
    ssoSession: string,
    onNotice?: (notice: LoginNotice) => void,
    where?: LoginEnvFacts,
  ): Promise<void>;
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
    const kind =
      code.userCode === undefined
        ? { browserOpened: code.browserOpened ?? false }
        : { userCode: code.userCode };
    waiter.onNotice?.({
      ssoSession,
      verificationUri: code.verificationUri,
      ...kind,
      waitSec: Math.max(0, Math.round(left / 1000)),
    });
  }

  function start(ssoSession: string, where: LoginEnvFacts | undefined): Promise<void> {
    return shareFlight(flights, ssoSession, async () => {
      log(`starting auto-login for session '${ssoSession}'`);
      try {
        await options.login(
          ssoSession,
          (code) => {
            codes.set(ssoSession, code);
            for (const waiter of waiters.get(ssoSession) ?? []) tell(ssoSession, code, waiter);
          },
          where,
        );
      } finally {
        codes.delete(ssoSession);
      }
    });
  }

  /** What the caller waited for, for the timeout: under the AWS CLI its stderr was never seen. */
  function waitedFor(ssoSession: string): string {
    const code = codes.get(ssoSession);
    if (!code) return 'the sign-in never got as far as a code or a browser page';
    const page = terminalSafe(code.verificationUri);
    const what =
      code.userCode === undefined
        ? `nobody came back from the browser page ${page}`
        : `nobody approved code ${terminalSafe(code.userCode)} at ${page}`;
    return `${what} (shown on this command's stderr, which the AWS CLI hides from a credential_process, and in a desktop notification where one could be sent)`;
  }

  function timeout(ssoSession: string, signal: AbortSignal): Promise<void> {
    return clock.sleep(timeoutMs, signal).then(
      () => {
        throw new LoginTimeoutError(
          `timed out after ${Math.round(timeoutMs / 1000)} s waiting for the sign-in of session '${ssoSession}': ${waitedFor(ssoSession)}`,
          { hint: loginHint(ssoSession) },
        );
      },
      () => {},
    );
  }

  return {
    async wait(ssoSession, onNotice, where) {
      const waiter: Waiter = { deadline: clock.now() + timeoutMs, onNotice };
      const group = waiters.get(ssoSession) ?? new Set<Waiter>();
      waiters.set(ssoSession, group);
      group.add(waiter);
      const timer = new AbortController();
      try {
        const flight = start(ssoSession, where);
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
