import { describe, expect, it } from 'vitest';

import { resolveConfig } from '../awsconfig/resolve.js';
import { baseName, legacySession, sameStartUrl } from './session-name.js';

describe('legacy session names', () => {
  it.each([
    ['https://d-1234567890.awsapps.com/start', 'd-1234567890'],
    ['https://My_Corp.awsapps.com/start#/', 'my_corp'],
    ['https://start.us-gov-home.awsapps.com/directory/d-1', 'start'],
    ['not a url', 'sso'],
    ['https://--.example.com/', 'sso'],
  ])('%s gives %s', (url, name) => {
    expect(baseName(url)).toBe(name);
  });

  it('compares start URLs without a trailing slash, #/ or case', () => {
    expect(sameStartUrl('https://x.awsapps.com/start/#/', 'HTTPS://X.awsapps.com/start')).toBe(
      true,
    );
    expect(sameStartUrl('https://x.awsapps.com/start', 'https://y.awsapps.com/start')).toBe(false);
  });

  it('reuses a session only when start URL and region both match', () => {
    const cfg = resolveConfig(
      '[sso-session x]\nsso_start_url = https://x.awsapps.com/start\nsso_region = eu-west-1\n',
      'c',
    );
    const url = 'https://x.awsapps.com/start';
    expect(legacySession(url, 'eu-west-1', cfg.ssoSessions, [])).toMatchObject({
      name: 'x',
      added: false,
    });
    expect(legacySession(url, 'us-east-1', cfg.ssoSessions, [])).toMatchObject({
      name: 'x-2',
      added: true,
    });
  });
});
