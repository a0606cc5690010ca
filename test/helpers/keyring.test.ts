import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { keychainSkipReason, startPrivateKeyring, type PrivateKeyring } from './keyring.js';

const reason = keychainSkipReason('private keyring tests');

describe.skipIf(reason)('private keyring', () => {
  let kr: PrivateKeyring;
  beforeAll(async () => {
    kr = await startPrivateKeyring();
  });
  afterAll(async () => kr?.close());

  it('stores a secret that survives a restart of the keyring daemon', async () => {
    const env = { ...process.env, ...kr.env };
    const store = spawnSync('secret-tool', ['store', '--label=t', 'awsidtest', 'x'], {
      env,
      input: 's3cr3t',
    });
    expect(store.status).toBe(0);
    await kr.restart();
    const got = spawnSync('secret-tool', ['lookup', 'awsidtest', 'x'], { env, encoding: 'utf8' });
    expect(got.stdout).toBe('s3cr3t');
    expect(kr.search('awsidtest', 'x')).toContain('label = t');
  });
});
