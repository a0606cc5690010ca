/**
 * The usual end-to-end set-up in one call: the fake Identity Center, a temp-HOME sandbox pointed
 * at it through the SDK's endpoint variables, a config file, and optionally a private keyring.
 */
import { startFakeIdc, type FakeIdc, type FakeIdcOptions } from '../fake-idc/index.js';
import { createSandbox, type Sandbox } from './cli.js';
import { CORP_CONFIG } from './corp.js';
import { startPrivateKeyring, type PrivateKeyring } from './keyring.js';

export interface World {
  fake: FakeIdc;
  sb: Sandbox;
  /** Present when started with `keychain: true`. */
  kr: PrivateKeyring | undefined;
  /** Stops the daemon the sandbox may have started, then everything else. */
  close(): Promise<void>;
}

export interface WorldOptions {
  keychain?: boolean;
  fake?: FakeIdcOptions;
  env?: Record<string, string>;
  config?: string;
}

export async function startWorld(opts: WorldOptions = {}): Promise<World> {
  const kr = opts.keychain ? await startPrivateKeyring() : undefined;
  const fake = await startFakeIdc({ intervalSec: 1, ...opts.fake });
  const sb = await createSandbox({
    ...kr?.env,
    AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
    AWS_ENDPOINT_URL_SSO: fake.url,
    ...opts.env,
  });
  await sb.writeConfig(opts.config ?? CORP_CONFIG);
  return {
    fake,
    sb,
    kr,
    // fake.close() throws when the test left unexpected requests (malformed or unmatched);
    // the keyring is stopped either way.
    close: async () => {
      try {
        await sb.run(['daemon', 'stop']);
        await sb.close();
        await fake.close();
      } finally {
        await kr?.close();
      }
    },
  };
}
