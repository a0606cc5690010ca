/** Everything a route handler may touch. */
import type { AuthCodeStore } from './auth-codes.js';
import type { ClientStore } from './clients.js';
import type { FakeIdcConfig } from './config.js';
import type { DeviceStore } from './devices.js';
import type { Pager } from './pager.js';
import type { SecretMint } from './secrets.js';
import type { SigninStore } from './signin.js';
import type { TokenStore } from './tokens.js';
import type { AccountSpec, DeviceAuthorizationInfo } from './types.js';

export interface Ctx {
  config: FakeIdcConfig;
  now: () => number;
  mint: SecretMint;
  clients: ClientStore;
  devices: DeviceStore;
  authCodes: AuthCodeStore;
  tokens: TokenStore;
  pager: Pager;
  signin: SigninStore;
  accounts: AccountSpec[];
  onDeviceAuthorization: ((auth: DeviceAuthorizationInfo) => void) | undefined;
}
