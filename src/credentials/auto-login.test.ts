import { describe, expect, it } from 'vitest';

import { LoginTimeoutError } from '../core/errors.js';
import { createAutoLogin } from './auto-login.js';
import type { LoginFn } from './credential-service.js';
import type { LoginNotice } from '../daemon/protocol/protocol.js';
import { FakeClock } from '../../test/helpers/fake-clock.js';

const MINUTE = 60_000;
const CODE = { verificationUri: 'https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH' };

/** A device flow that shows its code after 1 s and is approved `approveAfterMs` later. */
function deviceFlow(clock: FakeClock, approveAfterMs: number) {
  const calls = { login: 0 };
  const login: LoginFn = async (_session, showCode) => {
    calls.login += 1;
    await clock.sleep(1_000);
    showCode({ ...CODE, userCode: 'ABCD-EFGH', expiresAt: clock.now() + 10 * MINUTE });
    await clock.sleep(approveAfterMs);
  };
  return { calls, login };
}

describe('createAutoLogin', () => {
  it('runs one device flow and tells every caller where to approve, early and late ones', async () => {
    const clock = new FakeClock({ sleeps: 'manual' });
    const flow = deviceFlow(clock, 2 * MINUTE);
    const auto = createAutoLogin({
      login: flow.login,
      clock,
      log: () => {},
      timeoutMs: 10 * MINUTE,
    });
    const heard: LoginNotice[][] = [[], [], []];
    const early = [0, 1].map((i) => auto.wait('corp', (n) => heard[i]!.push(n)));
    await clock.tick(MINUTE);
    expect(auto.inProgress()).toEqual(['corp']);
    const late = auto.wait('corp', (n) => heard[2]!.push(n));
    await clock.drive(Promise.all([...early, late]));
    expect(flow.calls.login).toBe(1);
    for (const notices of heard) {
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ ssoSession: 'corp', userCode: 'ABCD-EFGH', ...CODE });
    }
    // An early caller waits its own 10 minutes (1 s went by before the code); a late one at most
    // until the code expires, 10 minutes after it was shown.
    expect(heard[0]![0]!.waitSec).toBe(599);
    expect(heard[2]![0]!.waitSec).toBe(541);
    expect(auto.inProgress()).toEqual([]);
  });

  it('a caller who joins after the sign-in ended starts a new one', async () => {
    const clock = new FakeClock({ sleeps: 'manual' });
    const flow = deviceFlow(clock, 1_000);
    const auto = createAutoLogin({ login: flow.login, clock, log: () => {}, timeoutMs: MINUTE });
    await clock.drive(auto.wait('corp'));
    const heard: LoginNotice[] = [];
    await clock.drive(auto.wait('corp', (n) => heard.push(n)));
    expect(flow.calls.login).toBe(2);
    expect(heard).toHaveLength(1);
  });

  it('bounds each wait and names the login command', async () => {
    const clock = new FakeClock({ sleeps: 'manual' });
    const flow = deviceFlow(clock, 20 * MINUTE);
    const auto = createAutoLogin({
      login: flow.login,
      clock,
      log: () => {},
      timeoutMs: 5 * MINUTE,
    });
    const error = await clock.drive(auto.wait('corp').catch((e: unknown) => e));
    expect(error).toBeInstanceOf(LoginTimeoutError);
    expect((error as LoginTimeoutError).hint).toBe('awsid login --sso-session corp');
    // Under the AWS CLI this error is the first thing the person sees: it says what was waited on.
    expect((error as LoginTimeoutError).message).toBe(
      `timed out after 300 s waiting for the sign-in of session 'corp': nobody approved code ABCD-EFGH at ${CODE.verificationUri} (shown on this command's stderr, which the AWS CLI hides from a credential_process, and in a desktop notification where one could be sent)`,
    );
  });
});
