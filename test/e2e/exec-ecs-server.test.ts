/**
 * `awsid exec --ecs-server` end to end: the built CLI, the fake Identity Center, and real clients
 * in the child (the JS SDK's default chain and fromContainerMetadata; the aws CLI v1 / botocore
 * signing an STS call to moto). The child is a node script that reports what it saw: its env,
 * what the endpoint answered to good and bad requests, and the command lines of itself and of
 * awsid (what `ps` shows).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { awsidBin, repoRoot } from '../helpers/cli.js';
import { motoUnavailableReason, startMoto, type Moto } from '../helpers/moto.js';
import { startWorld, type World } from '../helpers/world.js';

const CONFIG = `[sso-session corp]
sso_start_url = https://d-fake000001.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = ReadOnlyAccess
region = eu-west-1
`;
const STORE = { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'ecs-server-passphrase' };
/** What a shell that used other credentials would pass down: all of it must be gone. */
const INHERITED = {
  AWS_ACCESS_KEY_ID: 'AKIAINHERITEDXXXXXXX',
  AWS_SECRET_ACCESS_KEY: 'inherited-secret',
  AWS_SESSION_TOKEN: 'inherited-token',
  AWS_PROFILE: 'other',
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/inherited',
  AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/nonexistent/token',
  AWS_WEB_IDENTITY_TOKEN_FILE: '/nonexistent/web',
  AWS_ROLE_ARN: 'arn:aws:iam::999999999999:role/inherited',
};

/** Shared by the child scripts: raw requests to the endpoint (node:http may set any Host). */
const PRELUDE = `
import { createRequire } from 'node:module';
import { request } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
const require = createRequire(${JSON.stringify(`${repoRoot}package.json`)});
const { fromContainerMetadata, fromNodeProviderChain } = require('@aws-sdk/credential-providers');
const uri = new URL(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI);
const tokenFile = process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE;
const token = tokenFile ? readFileSync(tokenFile, 'utf8') : process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
const raw = (headers, path = uri.pathname, method = 'GET') => new Promise((resolve, reject) => {
  const r = request({ host: '127.0.0.1', port: uri.port, path, method, headers }, (m) => {
    let body = '';
    m.on('data', (c) => (body += c));
    m.on('end', () => resolve({ status: m.statusCode, body }));
  });
  r.on('error', reject);
  r.end();
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
`;

const CHILD = `${PRELUDE}
const out = { env: {}, uri: uri.href, token };
for (const [k, v] of Object.entries(process.env)) if (/^(AWS_|AWSID_)/.test(k)) out.env[k] = v;
if (tokenFile) {
  out.fileMode = (statSync(tokenFile).mode & 0o777).toString(8);
  out.dirMode = (statSync(dirname(tokenFile)).mode & 0o777).toString(8);
}
out.cmdlines = readFileSync('/proc/' + process.ppid + '/cmdline', 'utf8') + readFileSync('/proc/self/cmdline', 'utf8');
const good = { authorization: token };
out.status = {
  good: (await raw(good)).status,
  noToken: (await raw({})).status,
  wrongToken: (await raw({ authorization: token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A') })).status,
  foreignHost: (await raw({ ...good, host: 'rebind.example:' + uri.port })).status,
  browserOrigin: (await raw({ ...good, origin: 'https://evil.example' })).status,
  otherPath: (await raw(good, '/other')).status,
  post: (await raw(good, uri.pathname, 'POST')).status,
};
out.body = JSON.parse((await raw(good)).body);
out.chain = await fromNodeProviderChain()();
// The older fromContainerMetadata reads only AWS_CONTAINER_AUTHORIZATION_TOKEN, not the file.
out.metadata = tokenFile ? null : await fromContainerMetadata()();
console.log(JSON.stringify(out));
process.exit(Number(process.env.EXIT_WITH ?? 0));
`;

interface Seen {
  env: Record<string, string>;
  uri: string;
  token: string;
  fileMode?: string;
  dirMode?: string;
  cmdlines: string;
  status: Record<string, number>;
  body: Record<string, string>;
  chain: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  metadata: { accessKeyId: string } | null;
}

const child = (script: string) => [process.execPath, '--input-type=module', '-e', script];

describe('awsid exec --ecs-server', () => {
  let w: World;

  beforeAll(async () => {
    w = await startWorld({ config: CONFIG, env: STORE });
    expect((await w.sb.run(['login', '--no-browser'])).code).toBe(0);
  });
  afterAll(async () => {
    await w?.close();
  });

  it('the JS SDK loads the role from the endpoint; the child holds only the token', async () => {
    const r = await w.sb.run(['exec', '--ecs-server', '--profile', 'dev', '--', ...child(CHILD)], {
      ...INHERITED,
      EXIT_WITH: '7',
    });
    expect(r.stderr).not.toContain('Error');
    expect(r.code).toBe(7);
    const seen = JSON.parse(r.stdout) as Seen;
    expect(seen.status).toEqual({
      good: 200,
      noToken: 401,
      wrongToken: 403,
      foreignHost: 403,
      browserOrigin: 403,
      otherPath: 404,
      post: 405,
    });
    expect(Object.keys(seen.body).sort()).toEqual(
      ['AccessKeyId', 'AccountId', 'Expiration', 'SecretAccessKey', 'Token'].sort(),
    );
    expect(seen.body.AccountId).toBe('111111111111');
    expect(seen.body.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const issued = w.fake.issuedSecrets();
    expect(issued).toContain(seen.chain.secretAccessKey);
    expect(issued).toContain(seen.chain.sessionToken);
    expect(seen.metadata?.accessKeyId).toBe(seen.chain.accessKeyId);
    // The env: the endpoint, its token, the region, the marker; nothing inherited that would win.
    expect(seen.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(seen.env).toEqual({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: seen.uri,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: seen.token,
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWSID_EXEC: 'dev',
      AWS_ENDPOINT_URL_SSO: w.fake.url,
      AWS_ENDPOINT_URL_SSO_OIDC: w.fake.url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...STORE,
    });
    expect(seen.uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/creds$/);
    // Nothing secret on a command line or on disk; the token dies with the run.
    const secrets = [...issued, seen.token];
    expect(secrets.filter((s) => seen.cmdlines.includes(s))).toEqual([]);
    expect(await w.sb.filesContaining(secrets)).toEqual([]);
    for (const s of secrets) expect(r.stderr).not.toContain(s);
    // The port is closed once the child has exited.
    await expect(fetch(seen.uri, { headers: { authorization: seen.token } })).rejects.toThrow();
    // Refusals are reported as status lines only.
    expect(r.stderr).toContain('credentials endpoint refused a request: 403 Host not allowed');
  });

  it('--ecs-token-file: a 0600 file in a 0700 directory, read by the SDK, gone afterwards', async () => {
    const r = await w.sb.run([
      'exec',
      '--ecs-server',
      '--ecs-token-file',
      ...['--sso-session', 'corp', '--account-id', '111111111111', '--role-name', 'ReadOnlyAccess'],
      '--',
      ...child(CHILD),
    ]);
    expect(r.stderr).not.toContain('Error');
    expect(r.code).toBe(0);
    const seen = JSON.parse(r.stdout) as Seen;
    expect(seen.env.AWS_CONTAINER_AUTHORIZATION_TOKEN).toBeUndefined();
    const file = seen.env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE!;
    expect(file.startsWith(w.sb.tmp)).toBe(true);
    expect([seen.fileMode, seen.dirMode]).toEqual(['600', '700']);
    expect(seen.status.good).toBe(200);
    expect(w.fake.issuedSecrets()).toContain(seen.chain.secretAccessKey);
    expect(seen.env.AWSID_EXEC).toBe('corp/111111111111/ReadOnlyAccess');
    expect(await w.sb.filesContaining([seen.token])).toEqual([]);
  });

  it('SIGTERM reaches the child, its exit code passes through, and the port closes', async () => {
    const script = `process.on('SIGTERM', () => process.exit(42));
      console.log(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI + ' ready'); setInterval(() => {}, 1000);`;
    const run = w.sb.start([
      'exec',
      '--ecs-server',
      '--profile',
      'dev',
      '--',
      process.execPath,
      '-e',
      script,
    ]);
    let out = '';
    const uri = await new Promise<string>((resolve) =>
      run.child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /^(\S+) ready$/m.exec(out);
        if (m) resolve(m[1]!);
      }),
    );
    expect((await fetch(uri)).status).toBe(401);
    run.child.kill('SIGTERM');
    const r = await run.done;
    expect(r.code).toBe(42);
    await expect(fetch(uri)).rejects.toThrow();
  });

  it('--ecs-token-file without --ecs-server is a usage error', async () => {
    const r = await w.sb.run(['exec', '--ecs-token-file', '--profile', 'dev', '--', 'true']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--ecs-token-file only applies with --ecs-server');
  });

  it('a command that is not found: 127, as without --ecs-server', async () => {
    const r = await w.sb.run(['exec', '--ecs-server', '--profile', 'dev', '--', 'awsid-no-such']);
    expect(r.code).toBe(127);
  });
});

const reason = motoUnavailableReason();
if (reason) console.warn(`skipping the botocore test of --ecs-server: ${reason}`);

describe.skipIf(reason)('awsid exec --ecs-server with the aws CLI (botocore)', () => {
  let w: World;
  let moto: Moto;

  beforeAll(async () => {
    [w, moto] = await Promise.all([startWorld({ config: CONFIG, env: STORE }), startMoto()]);
    expect((await w.sb.run(['login', '--no-browser'])).code).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
    await moto?.close();
  });

  it('aws sts get-caller-identity signs with the role from the endpoint', async () => {
    const r = await w.sb.run(
      [
        'exec',
        '--ecs-server',
        '--profile',
        'dev',
        '--',
        'aws',
        'sts',
        'get-caller-identity',
        '--debug',
      ],
      { ...INHERITED, AWS_ENDPOINT_URL_STS: moto.url },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ Account: '123456789012' });
    expect(r.stderr).toMatch(/container-role/);
    const keyId = /Credential=(ASIA[A-Z0-9]+|[A-Z0-9]{16,})\//.exec(r.stderr)?.[1];
    expect(keyId).toBeDefined();
    const cp = await w.sb.run(['credential-process', '--profile', 'dev']);
    expect((JSON.parse(cp.stdout) as { AccessKeyId: string }).AccessKeyId).toBe(keyId);
  });
});

/** The child outlives its first credentials; a logout ends the session under it. */
const LONG_CHILD = `${PRELUDE}
const provider = fromNodeProviderChain();
const first = await provider();
await sleep(Number(process.env.WAIT_MS));
const second = await provider();
const { execFileSync } = await import('node:child_process');
execFileSync(process.execPath, [${JSON.stringify(awsidBin)}, 'logout', '--sso-session', 'corp'], { stdio: 'ignore' });
await sleep(Number(process.env.WAIT_MS));
const ended = await raw({ authorization: token });
console.log(JSON.stringify({ first: first.accessKeyId, second: second.accessKeyId, ended }));
`;

describe('awsid exec --ecs-server: a child that outlives the role session', () => {
  const TTL_SEC = 4;
  let w: World;

  beforeAll(async () => {
    w = await startWorld({ config: CONFIG, env: STORE, fake: { roleCredentialsTtlSec: TTL_SEC } });
    expect((await w.sb.run(['login', '--no-browser'])).code).toBe(0);
  });
  afterAll(async () => {
    await w?.close();
  });

  it('gets new credentials after the first ones run short, then the login hint', async () => {
    // The daemon serves a role this short-lived while half its lifetime is left
    // (src/credentials/role-cache.ts); waiting longer than that forces a new fetch.
    const r = await w.sb.run(
      ['exec', '--ecs-server', '--profile', 'dev', '--', ...child(LONG_CHILD)],
      { WAIT_MS: String(TTL_SEC * 1000) },
    );
    expect(r.code).toBe(0);
    const seen = JSON.parse(r.stdout) as {
      first: string;
      second: string;
      ended: { status: number; body: string };
    };
    expect(seen.second).not.toBe(seen.first);
    expect(seen.ended.status).toBe(400);
    const body = JSON.parse(seen.ended.body) as { Code: string; Message: string };
    expect(body.Code).toBe('NotLoggedIn');
    expect(body.Message).toContain('run: awsid login --sso-session corp');
    expect(r.stderr).toContain('awsid: credentials endpoint: ');
    expect(r.stderr).toContain('awsid login --sso-session corp');
  });
});
