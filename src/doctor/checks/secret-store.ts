/**
 * secret-store-unavailable (and state-corrupt): can awsid open its sealed state now? The probe
 * reaches the keychain even when nothing is stored yet, so a broken keychain shows before login.
 */
import { AwsidError, CorruptStateError } from '../../core/errors.js';
import { PASSPHRASE_STORE_HINT } from '../../store/key-keychain.js';
import type { CheckContext } from '../facts.js';
import { fail, ok, plural, warn } from '../result.js';
import type { Check, CheckResult } from '../types.js';

const ID = 'secret-store-unavailable';
const SUBJECT = 'secret store';

function fromError(e: unknown, store: string | undefined): CheckResult {
  const hint =
    e instanceof AwsidError ? (e.hint ?? '').replace(/;? then run: awsid doctor$/, '') : '';
  const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
  if (e instanceof CorruptStateError) {
    return fail(
      'state-corrupt',
      SUBJECT,
      `${msg}${store ? ` (${store})` : ''}`,
      hint || 'awsid login',
    );
  }
  return fail(ID, SUBJECT, msg, hint || PASSPHRASE_STORE_HINT);
}

export const secretStoreCheck: Check<CheckContext> = {
  id: ID,
  async run(ctx) {
    const facts = await ctx.facts.awsid();
    if (!facts.store) return [fromError(facts.error, undefined)];
    const store = facts.store;
    if (facts.skipped) {
      return [
        warn(
          ID,
          SUBJECT,
          `${store.describe()}: ${facts.skipped}; awsid's tokens were not checked`,
          'AWSID_PASSPHRASE=... awsid doctor',
        ),
      ];
    }
    if (facts.error) return [fromError(facts.error, store.describe())];
    try {
      await store.probe();
    } catch (e) {
      return [fromError(e, store.describe())];
    }
    const sessions = Object.keys(facts.state?.sessions ?? {}).length;
    return [
      ok(ID, SUBJECT, `opens, ${plural(sessions, 'stored sso-session')}: ${store.describe()}`),
    ];
  },
};
