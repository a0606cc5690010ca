/** Every check, in the order the report shows the setup-wide ones. */
import type { CheckContext } from '../facts.js';
import type { Check } from '../types.js';
import { cacheCorruptCheck } from './cache-corrupt.js';
import { clockSkewCheck } from './clock-skew.js';
import { configSyntaxCheck } from './config-syntax.js';
import { configTrustCheck } from './config-trust.js';
import { credentialProcessCheck } from './credential-process.js';
import { daemonCheck } from './daemon.js';
import { envCheck } from './env.js';
import { filePermissionsCheck } from './file-permissions.js';
import { profilesCheck } from './profiles.js';
import { regionCheck } from './region.js';
import { secretStoreCheck } from './secret-store.js';
import { ssoSessionsCheck } from './sso-sessions.js';
import { tokensCheck } from './tokens.js';

export const ALL_CHECKS: readonly Check<CheckContext>[] = [
  envCheck,
  configSyntaxCheck,
  configTrustCheck,
  cacheCorruptCheck,
  filePermissionsCheck,
  secretStoreCheck,
  daemonCheck,
  clockSkewCheck,
  ssoSessionsCheck,
  regionCheck,
  tokensCheck,
  profilesCheck,
  credentialProcessCheck,
];
