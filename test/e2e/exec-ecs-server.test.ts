/**
 * `awsid exec --ecs-server` end to end: the built CLI, the fake Identity Center, and the JS SDK's
 * default chain and fromContainerMetadata in the child (botocore: exec-ecs-server-long.test.ts).
 * The child is a node script that reports what it saw: its env,
 * what the endpoint answered to good and bad requests, and the command lines of itself and of
 * awsid (what `ps` shows).
 */
import { existsSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { INHERITED, PRELUDE, STORE, child, loggedInEcsWorld } from '../helpers/ecs-child.js';

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

describe('awsid exec --ecs-server', () => {
  const world = loggedInEcsWorld();

  it('the JS SDK loads the role from the endpoint; the child holds only the token', async () => {
    const w = world();
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
    const w = world();
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

  it('--ecs-token-file and a client that never reads the file: the 401 says to run without --ecs-token-file', async () => {
    const w = world();
    const noHeader = `${PRELUDE} const r = await raw({}); console.log(JSON.stringify(r)); process.exit(0);`;
    const r = await w.sb.run([
      'exec',
      '--ecs-server',
      '--ecs-token-file',
      ...['--profile', 'dev', '--', ...child(noHeader)],
    ]);
    expect(r.code).toBe(0);
    const answer = JSON.parse(r.stdout) as { status: number; body: string };
    expect(answer.status).toBe(401);
    const body = JSON.parse(answer.body) as { Code: string; Message: string };
    expect(body.Code).toBe('Unauthorized');
    expect(body.Message).toContain('AWS CLI 2.9');
    expect(body.Message).toContain('without --ecs-token-file');
    const help = await w.sb.run(['exec', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('run without --ecs-token-file for them');
  });

  it.runIf(existsSync('/usr/bin/aws'))(
    'AWS CLI 2.9 (reads no token file) fails with that message, and works without --ecs-token-file',
    async () => {
      const w = world();
      const aws = ['/usr/bin/aws', 'configure', 'export-credentials', '--format', 'process'];
      const withFile = await w.sb.run([
        'exec',
        '--ecs-server',
        '--ecs-token-file',
        '--profile',
        'dev',
        '--',
        ...aws,
      ]);
      expect(withFile.code).not.toBe(0);
      // The AWS CLI itself prints the endpoint's answer, not only awsid's status line.
      expect(withFile.stderr).toMatch(
        /from ECS metadata: .*run awsid exec --ecs-server without --ecs-token-file/,
      );
      const plain = await w.sb.run(['exec', '--ecs-server', '--profile', 'dev', '--', ...aws]);
      expect(plain.stderr).toBe('');
      expect(plain.code).toBe(0);
      const creds = JSON.parse(plain.stdout) as { SecretAccessKey: string };
      expect(w.fake.issuedSecrets()).toContain(creds.SecretAccessKey);
    },
  );

  it('SIGTERM reaches the child, its exit code passes through, and the port closes', async () => {
    const w = world();
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
    const w = world();
    const r = await w.sb.run(['exec', '--ecs-token-file', '--profile', 'dev', '--', 'true']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--ecs-token-file only applies with --ecs-server');
  });

  it('a command that is not found: 127, as without --ecs-server', async () => {
    const w = world();
    const r = await w.sb.run(['exec', '--ecs-server', '--profile', 'dev', '--', 'awsid-no-such']);
    expect(r.code).toBe(127);
  });
});
