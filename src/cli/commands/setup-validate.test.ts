import { describe, expect, it } from 'vitest';

import {
  checkRegion,
  checkScopes,
  checkSessionName,
  checkStartUrl,
  splitScopes,
} from './setup-validate.js';

describe('setup checks', () => {
  it('accepts AWS portal URLs without warnings', () => {
    for (const url of [
      'https://d-1234567890.awsapps.com/start',
      'https://my-corp.awsapps.com/start/',
      'https://ssoins-1234.portal.eu-west-1.app.aws',
      'https://d-1234567890.awsapps.cn/start',
    ]) {
      expect(checkStartUrl(url)).toEqual({ warnings: [] });
    }
  });

  it('refuses what is not an https URL', () => {
    expect(checkStartUrl('http://d-1.awsapps.com/start').error).toMatch(/must use https/);
    expect(checkStartUrl('d-1.awsapps.com/start').error).toMatch(/is not a URL/);
    expect(checkStartUrl('https://d-1.awsapps.com/ start').error).toMatch(/whitespace/);
    expect(checkStartUrl('https://u:p@d-1.awsapps.com/start').error).toMatch(/user name/);
  });

  it('warns on a trailing #/ and on a host that is not an AWS portal', () => {
    expect(checkStartUrl('https://d-1.awsapps.com/start/#/').warnings).toEqual([
      expect.stringMatching(/ends with "#" or "#\/"/),
    ]);
    expect(checkStartUrl('https://sso.example.com/start').warnings).toEqual([
      expect.stringMatching(/'sso.example.com' is not an AWS access portal host/),
    ]);
  });

  it('checks region shapes', () => {
    for (const r of [
      'us-east-1',
      'eu-central-2',
      'us-gov-west-1',
      'us-isob-east-1',
      'ap-southeast-5',
    ]) {
      expect(checkRegion(r).error).toBeUndefined();
    }
    for (const r of ['us-east', 'US-EAST-1', 'useast1', 'us-east-1a', '']) {
      expect(checkRegion(r).error).toMatch(/does not look like an AWS region/);
    }
  });

  it("warns about a region the SDK's partitions data does not list, and uses it", () => {
    expect(checkRegion('eu-west-1').warnings).toEqual([]);
    // A real region whose shape the pattern does not cover: known to the SDK, so accepted.
    expect(checkRegion('eusc-de-east-1')).toEqual({ warnings: [] });
    const unknown = checkRegion('eu-west-9');
    expect(unknown.error).toBeUndefined();
    expect(unknown.warnings).toEqual([
      "region 'eu-west-9' is not a region this AWS SDK knows (a new region, or a typo?); using it as given",
    ]);
  });

  it('checks session names against what the JS SDK reads', () => {
    expect(checkSessionName('corp-prod_1').error).toBeUndefined();
    expect(checkSessionName('my corp').error).toMatch(/only letters/);
    expect(checkSessionName('__proto__').error).toMatch(/only letters/);
  });

  it('splits and checks scopes', () => {
    expect(splitScopes(' sso:account:access , codewhisperer:completions,')).toEqual([
      'sso:account:access',
      'codewhisperer:completions',
    ]);
    expect(checkScopes('sso:account:access').error).toBeUndefined();
    expect(checkScopes(' , ').error).toMatch(/empty/);
    expect(checkScopes('a b').error).toMatch(/not a scope name/);
  });
});
