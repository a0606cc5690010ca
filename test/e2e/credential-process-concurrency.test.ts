/**
 * 200 credential_process runs at once against a COLD daemon with a valid token (docs/benchmarks.md,
 * (c)): every one succeeds and exactly one GetRoleCredentials reaches Identity Center. All 200
 * child processes are started together (async spawn), so they all meet the missing daemon: one
 * launches it, the others wait for its socket (src/daemon/client/fast-start.ts), and the daemon's
 * single-flight cache makes one upstream call. On a 2-core machine this takes ~25 s, most of it 200
 * Node starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeIdc, type FakeIdc } from '../fake-idc/index.js';
import { createSandbox, type Sandbox } from '../helpers/cli.js';
import { CORP_CONFIG as CONFIG, CORP_CREDENTIAL_PROCESS as CP } from '../helpers/corp.js';

describe('200 concurrent credential-process calls, cold daemon', () => {
  let fake: FakeIdc;
  let sb: Sandbox;

  beforeAll(async () => {
    fake = await startFakeIdc({ person: { kind: 'approve', afterPolls: 0 }, intervalSec: 1 });
    sb = await createSandbox({
      AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
      AWS_ENDPOINT_URL_SSO: fake.url,
      // The keychain is not the point here (credential-process.test.ts covers it).
      AWSID_SECRET_STORE: 'passphrase',
      AWSID_PASSPHRASE: 'concurrency-test-passphrase',
    });
    await sb.writeConfig(CONFIG);
    expect((await sb.run(['login', '--no-browser'])).code).toBe(0);
  });
  afterAll(async () => {
    await sb?.run(['daemon', 'stop']);
    await sb?.close();
    await fake?.close();
  });

  it('all 200 succeed with the same credentials and one GetRoleCredentials', async () => {
    const before = await sb.run(['daemon', 'status', '--json']);
    expect(JSON.parse(before.stdout)).toMatchObject({ running: false });
    expect(fake.count('GetRoleCredentials')).toBe(0);

    const results = await Promise.all(Array.from({ length: 200 }, () => sb.run(CP)));

    const failures = results.filter((r) => r.code !== 0 || r.stderr !== '');
    expect(failures.slice(0, 3)).toEqual([]);
    const keys = new Set(
      results.map((r) => (JSON.parse(r.stdout) as { AccessKeyId: string }).AccessKeyId),
    );
    expect(keys.size).toBe(1);
    expect(fake.count('GetRoleCredentials')).toBe(1);
    const after = await sb.run(['daemon', 'status', '--json']);
    expect(JSON.parse(after.stdout)).toMatchObject({ running: true });
  }, 150_000);
});
