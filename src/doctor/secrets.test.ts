import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { runDoctor } from './doctor.js';
import {
  awsidSession,
  cliTokenBody,
  createDoctorSandbox,
  HOUR,
  NOW,
  stamp,
  type DoctorSandbox,
} from '../../test/fixtures/doctor/sandbox.js';
import { HEALTHY_CONFIG } from '../../test/fixtures/doctor/setups.js';

let sb: DoctorSandbox;
beforeEach(async () => {
  sb = await createDoctorSandbox();
});
afterEach(() => sb.close());

/** Every kind of secret the doctor could come across. */
const SECRETS = [
  'aoaCLIACCESSTOKEN-secret-0001',
  'aorCLIREFRESHTOKEN-secret-0001',
  'CLIENTSECRET-secret-0001',
  'aoaAWSIDACCESSTOKEN-secret-0002',
  'aorAWSIDREFRESHTOKEN-secret-0002',
  'AWSIDCLIENTSECRET-secret-0002',
  'CREDFILESECRET-secret-0004',
  'CONFIGSECRET-secret-0005',
  'INLINEPROCESSSECRET-secret-0006',
  'aoaTRUNCATED-secret-0007',
  'SEKRIT0009',
];

describe('secrets', () => {
  it('never appear in the text or JSON output, whatever the files hold', async () => {
    const bin = await sb.executable('bin/awsid');
    await sb.config(
      `${HEALTHY_CONFIG(bin)}[profile static]\naws_access_key_id = AKIA\naws_secret_access_key = CONFIGSECRET-secret-0005\n` +
        `[profile inline]\ncredential_process = /no/such/bin --secret INLINEPROCESSSECRET-secret-0006\n`,
      0o644,
    );
    await sb.credentials(
      '[dev]\naws_secret_access_key = CREDFILESECRET-secret-0004\n[dev]\n',
      0o644,
    );
    await sb.cliCache(
      'corp',
      cliTokenBody({ expiresAt: stamp(NOW - HOUR), refreshToken: undefined }),
      0o644,
    );
    await sb.cliCache('team', '{"accessToken": "aoaTRUNCATED-secret-0007", "expiresAt": ');
    await sb.cliCache('https://x', cliTokenBody({ expiresAt: 'not a date' }));
    // Node quotes the first 10 characters of the input in JSON.parse errors: not in our output.
    await sb.cliCache('bare', 'SEKRIT0009 is not json');
    await sb.storeSession('team', awsidSession({ region: 'us-east-1' }));
    const env = {
      AWS_SECRET_ACCESS_KEY: 'ENVSECRET-secret-0003',
      AWS_SESSION_TOKEN: 'ENVTOKEN-secret-0008',
    };
    const outputs: string[] = [];
    for (const json of [false, true]) {
      const lines: string[] = [];
      const code = await runDoctor(
        sb.context({ json }, { env: { ...sb.env, ...env } }),
        { json, fix: false, color: false },
        { out: (t) => lines.push(t), err: (t) => lines.push(t) },
      );
      expect(code).toBe(1);
      outputs.push(lines.join(''));
    }
    const all = outputs.join('\n');
    expect(all).toContain('cache-corrupt');
    expect(all).toContain('token-expired');
    for (const secret of [...SECRETS, 'ENVSECRET-secret-0003', 'ENVTOKEN-secret-0008']) {
      expect(all).not.toContain(secret);
    }
    expect(all).not.toMatch(/secret-00\d\d/);
  });
});
