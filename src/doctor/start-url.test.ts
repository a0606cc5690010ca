import { describe, expect, it } from 'vitest';

import { parseAwsidProcess } from './profile-usage.js';
import { parseCacheTime, ssoCacheKey } from './sso-cache.js';
import {
  normaliseStartUrl,
  startUrlProblems,
  startUrlRegion,
  suggestedStartUrl,
} from './start-url.js';

describe('start URLs', () => {
  it('finds the region named by a *.portal.<region>.app.aws URL, and none in awsapps.com', () => {
    expect(startUrlRegion('https://ssoins-722376f4e3b7d2a5.portal.us-east-2.app.aws')).toBe(
      'us-east-2',
    );
    expect(startUrlRegion('https://d-1.portal.eu-west-1.app.aws/#/')).toBe('eu-west-1');
    expect(startUrlRegion('https://d-1234567890.awsapps.com/start')).toBeUndefined();
  });

  it('normalises the spellings that change the AWS CLI cache key', () => {
    for (const u of [
      'https://x.awsapps.com/start/#/',
      'https://x.awsapps.com/start#',
      ' "https://x.awsapps.com/start/" ',
    ]) {
      expect(normaliseStartUrl(u)).toBe('https://x.awsapps.com/start');
    }
  });

  it('grades problems: quotes, whitespace, http fail; trailing "#/" or "/" warn', () => {
    const grade = (u: string) => startUrlProblems(u).map((p) => p.severity);
    expect(grade('https://d-1.awsapps.com/start')).toEqual([]);
    expect(grade('https://d-1.portal.eu-west-1.app.aws/')).toEqual([]);
    expect(grade('"https://d-1.awsapps.com/start"')).toEqual(['fail']);
    expect(grade('https://d-1.awsapps.com/st art')).toEqual(['fail']);
    expect(grade('http://d-1.awsapps.com/start')).toEqual(['fail']);
    expect(grade('https://d-1.awsapps.com/start/#/')).toEqual(['warn']);
    expect(grade('https://d-1.awsapps.com/start/')).toEqual(['warn']);
    expect(grade('https://d-1.awsapps.com')).toEqual(['warn']);
    // GovCloud portals have another path shape.
    expect(grade('https://start.us-gov-home.awsapps.com/directory/d-1')).toEqual([]);
  });

  it('suggests the clean URL', () => {
    expect(suggestedStartUrl('http://d-1.awsapps.com/start/#/')).toBe(
      'https://d-1.awsapps.com/start',
    );
    expect(suggestedStartUrl('https://d-1.awsapps.com')).toBe('https://d-1.awsapps.com/start');
  });
});

describe('SSO cache details', () => {
  it('names files as botocore and the JS SDK do (examples in docs/protocol.md)', () => {
    expect(ssoCacheKey('my-sso')).toBe('0ad374308c5a4e22f723adf10145eafad7c4031c.json');
    expect(ssoCacheKey('https://my-sso-portal.awsapps.com/start')).toBe(
      'c7aaaf71fcc8777ae2475525ed049d39fe16c484.json',
    );
  });

  it('reads only times with a zone, as botocore does', () => {
    expect(parseCacheTime('2026-11-28T01:26:18Z')).toBe(Date.UTC(2026, 10, 28, 1, 26, 18));
    expect(parseCacheTime('2026-11-28T01:26:18.110257+00:00')).toBe(
      Date.UTC(2026, 10, 28, 1, 26, 18, 110),
    );
    expect(parseCacheTime('2026-11-28T01:26:18')).toBeUndefined();
    expect(parseCacheTime(1764293178)).toBeUndefined();
  });
});

describe("awsid's credential_process line", () => {
  it('is recognised by program and subcommand, with its session, account and role', () => {
    expect(
      parseAwsidProcess(
        '/home/u/.local/bin/awsid credential-process --sso-session corp --account-id 1 --role-name R',
        undefined,
      ),
    ).toEqual({ session: 'corp', accountId: '1', roleName: 'R', generated: false });
    expect(
      parseAwsidProcess(
        '"/usr/bin/node" /opt/awsid/bin/awsid.js credential-process --sso-session=corp',
        'corp',
      ),
    ).toMatchObject({ session: 'corp', generated: true });
    expect(
      parseAwsidProcess('/usr/local/bin/aws-vault export --format=json dev', undefined),
    ).toBeUndefined();
  });
});
