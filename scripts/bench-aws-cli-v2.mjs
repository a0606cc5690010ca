// The AWS CLI v2 rows of scripts/bench-compare.mjs: finds an `aws` that says aws-cli/2.x, and
// fills its caches the way it fills them itself, so its own `credential_process` equivalent
// (`aws configure export-credentials`) can run offline against the fake Identity Center.
// Cache layouts: botocore credentials.py `SSOCredentialFetcher._create_cache_key` (role
// credentials in ~/.aws/cli/cache) and utils.py `SSOTokenLoader` (the token in ~/.aws/sso/cache).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** @param {string} text */
const sha1 = (text) => createHash('sha1').update(text).digest('hex');

/**
 * An AWS CLI v2 found on this machine (`version` is its [minor, patch]), or why there is none.
 * @typedef {{ program: string, version: [number, number], text: string, reason?: undefined }
 *   | { reason: `no AWS CLI v2 ${string}` }} AwsCliV2
 */

/**
 * `{ program, version }` of an AWS CLI v2 on this machine, or `{ reason }` why there is none.
 * @returns {AwsCliV2}
 */
export function findAwsCliV2() {
  const candidates = [process.env.AWS_CLI_V2, '/usr/bin/aws', '/usr/local/bin/aws', 'aws'];
  const seen = [];
  /**
   * @param {string | undefined} p
   * @returns {p is string}
   */
  const nonEmpty = (p) => Boolean(p);
  for (const program of candidates.filter(nonEmpty)) {
    const r = spawnSync(program, ['--version'], { encoding: 'utf8', timeout: 20_000 });
    const text = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
    const m = /aws-cli\/(\d+)\.(\d+)\.(\d+)/.exec(text);
    if (!m) continue;
    if (m[1] === '2') return { program, version: [Number(m[2]), Number(m[3])], text };
    seen.push(`${program}: ${text.split(' ')[0]}`);
  }
  const found = seen.length ? ` (found ${seen.join(', ')})` : '';
  return {
    reason: `no AWS CLI v2 on this machine${found}; apt-get install awscli, or set AWS_CLI_V2=/path/to/aws`,
  };
}

/** AWS_ENDPOINT_URL_SSO (so GetRoleCredentials can reach the fake) exists since 2.13. */
/** @param {{ version: [number, number] }} v2 */
export const honoursSsoEndpoint = (v2) => v2.version[0] >= 13;

/**
 * The role credentials v2 would have cached after one call: its warm cache.
 * @param {string} home
 * @param {{ session: string, accountId: string, roleName: string }} role
 * @param {{ AccessKeyId: string, SecretAccessKey: string, SessionToken: string, Expiration: string }} doc
 */
export function writeRoleCache(home, { session, accountId, roleName }, doc) {
  const key = sha1(
    JSON.stringify({ accountId, roleName, sessionName: session }, [
      'accountId',
      'roleName',
      'sessionName',
    ]),
  );
  const dir = join(home, '.aws', 'cli', 'cache');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const Credentials = {
    AccessKeyId: doc.AccessKeyId,
    SecretAccessKey: doc.SecretAccessKey,
    SessionToken: doc.SessionToken,
    Expiration: doc.Expiration,
  };
  writeFileSync(join(dir, `${key}.json`), JSON.stringify({ ProviderType: 'sso', Credentials }), {
    mode: 0o600,
  });
  return dir;
}

/**
 * A device-flow token from the fake (its person approves at once), in v2's token cache.
 * @param {string} home
 * @param {string} fakeUrl
 * @param {{ session: string, startUrl: string, region: string }} sso
 */
export async function writeTokenCache(home, fakeUrl, { session, startUrl, region }) {
  const oidc = await import('@aws-sdk/client-sso-oidc');
  const client = new oidc.SSOOIDCClient({
    region,
    endpoint: fakeUrl,
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
  });
  const reg = await client.send(
    new oidc.RegisterClientCommand({ clientName: 'bench-v2', clientType: 'public' }),
  );
  const { clientId, clientSecret } = reg;
  const auth = await client.send(
    new oidc.StartDeviceAuthorizationCommand({ clientId, clientSecret, startUrl }),
  );
  let token;
  for (let i = 0; !token && i < 30; i++) {
    try {
      token = await client.send(
        new oidc.CreateTokenCommand({
          clientId,
          clientSecret,
          deviceCode: auth.deviceCode,
          grantType: 'urn:ietf:params:oauth:grant-type:device_code',
        }),
      );
    } catch (e) {
      const name = e instanceof Error ? e.name : undefined;
      if (name !== 'AuthorizationPendingException' && name !== 'SlowDownException') throw e;
      await new Promise((r) => setTimeout(r, 1100));
    }
  }
  client.destroy();
  if (!token) throw new Error('the fake did not issue a token for the v2 cache');
  const { expiresIn } = token;
  const { clientSecretExpiresAt } = reg;
  if (expiresIn === undefined || clientSecretExpiresAt === undefined)
    throw new Error('the fake sent a token or registration without an expiry');
  /** @param {number} ms */
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
  const dir = join(home, '.aws', 'sso', 'cache');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const body = {
    startUrl,
    region,
    accessToken: token.accessToken,
    expiresAt: iso(Date.now() + expiresIn * 1000),
    clientId,
    clientSecret,
    registrationExpiresAt: iso(clientSecretExpiresAt * 1000),
    ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
  };
  writeFileSync(join(dir, `${sha1(session)}.json`), JSON.stringify(body), { mode: 0o600 });
}
