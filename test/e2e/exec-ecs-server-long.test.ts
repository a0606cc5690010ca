/**
 * `awsid exec --ecs-server` with the aws CLI (botocore) signing an STS call to moto, and with a
 * child that outlives its first role credentials and then the Identity Center session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { awsidBin } from '../helpers/cli.js';
import { CONFIG, INHERITED, PRELUDE, STORE, child } from '../helpers/ecs-child.js';
import { motoUnavailableReason, startMoto, type Moto } from '../helpers/moto.js';
import { startWorld, type World } from '../helpers/world.js';

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
