import { describe, expect, it } from 'vitest';

import { upsertSsoSession } from './setup-config.js';

const V = {
  startUrl: 'https://d-1234567890.awsapps.com/start',
  region: 'eu-west-1',
  scopes: ['sso:account:access'],
};
const SECTION =
  '[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access';

describe('upsertSsoSession', () => {
  it('writes a new section into an empty file', () => {
    expect(upsertSsoSession('', 'corp', V)).toBe(`${SECTION}\n`);
  });

  it('appends after a blank line, keeping a missing final newline missing', () => {
    expect(upsertSsoSession('[default]\nregion = x', 'corp', V)).toBe(
      `[default]\nregion = x\n\n${SECTION}`,
    );
    expect(upsertSsoSession('[default]\r\nregion = x\r\n', 'corp', V)).toBe(
      `[default]\r\nregion = x\r\n\r\n${SECTION.replace(/\n/g, '\r\n')}\r\n`,
    );
  });

  it('edits an existing section in place, only where a value differs', () => {
    const text =
      '[sso-session corp] ; ours\nsso_start_url=https://d-1234567890.awsapps.com/start\n# region:\nsso_region   =  us-east-1\nsso_registration_scopes = sso:account:access ,\n\n[profile x]\n';
    expect(upsertSsoSession(text, 'corp', V)).toBe(
      text.replace('sso_region   =  us-east-1', 'sso_region   =  eu-west-1'),
    );
  });

  it('adds missing keys to an existing section and is a no-op when all match', () => {
    const text = '[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\n';
    const out = upsertSsoSession(text, 'corp', V);
    expect(out).toBe(`${SECTION}\n`);
    expect(upsertSsoSession(out, 'corp', V)).toBe(out);
  });
});
