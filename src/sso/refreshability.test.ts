import { afterEach, describe, expect, it } from 'vitest';

import { createHarness, type Harness } from '../../test/helpers/login-harness.js';
import { describeSession } from '../cli/commands/status-run.js';
import { NotLoggedInError } from '../core/errors.js';
import { awsidToken } from '../doctor/checks/token-state.js';
import type { SessionState } from '../store/state.js';
import { refreshability } from './refreshability.js';
import { createTokenService } from './token-service.js';

let h: Harness;
afterEach(async () => h?.close());

const HOUR = 3600_000;

/** Ways a logged-in session can lose (or keep) the means to refresh, applied to its state. */
const CASES: Record<string, (s: SessionState, now: number) => SessionState> = {
  refreshable: (s) => s,
  'no refresh token': (s) => {
    const token = { ...s.token! };
    delete token.refreshToken;
    return { ...s, token };
  },
  'no registration': ({ registration: _, ...s }) => s,
  'registration expired': (s, now) => ({
    ...s,
    registration: { ...s.registration!, expiresAt: now - 1 },
  }),
};

describe('one refresh rule for the token service, awsid status and doctor', () => {
  for (const [name, change] of Object.entries(CASES)) {
    it(`${name}: all three agree`, async () => {
      h = await createHarness();
      await h.login();
      h.clock.advance(2 * HOUR);
      const now = h.clock.now();
      await h.store.update((st) => {
        const corp = change(st.sessions.corp!, now);
        return { state: { ...st, sessions: { corp } }, result: undefined };
      });
      const stored = (await h.store.read()).sessions.corp!;
      const can = refreshability(stored, now).blocker === undefined;
      expect(can).toBe(name === 'refreshable');

      expect(describeSession('corp', stored, undefined, now).refreshable).toBe(can);
      const doctor = awsidToken('corp', stored, [], undefined, 'config', now);
      expect(doctor.map((r) => r.status)).toEqual([can ? 'ok' : 'fail']);
      const tokens = createTokenService({
        store: h.store,
        oidcFor: h.oidcFor,
        issuerFor: h.issuerFor,
        clock: h.clock,
      });
      const got = await tokens.getAccessToken('corp').catch((e: unknown) => e);
      if (can) expect(got).toMatchObject({ expiresAt: now + HOUR });
      else expect(got).toBeInstanceOf(NotLoggedInError);
    });
  }
});
