import { describe, expect, it } from 'vitest';

import { UsageError } from '../core/errors.js';
import { consoleUrl, destinationFor, isConsoleUrl } from './destination.js';
import { partitionOf } from './partition.js';

const retry = (...flags: string[]) => ['awsid', 'console', '--profile', 'dev', ...flags].join(' ');
const AWS = partitionOf('us-east-1');

function refusal(f: () => unknown): UsageError {
  try {
    f();
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('expected a UsageError');
}

describe('consoleUrl', () => {
  it('is the regional console home in the aws partition', () => {
    expect(consoleUrl('eu-west-1')).toBe(
      'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1',
    );
  });
  it('deep-links a service', () => {
    expect(consoleUrl('eu-west-1', 's3')).toBe(
      'https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1',
    );
  });
  it('uses the GovCloud and China console hosts', () => {
    expect(consoleUrl('us-gov-west-1')).toBe(
      'https://console.amazonaws-us-gov.com/console/home?region=us-gov-west-1',
    );
    expect(consoleUrl('cn-north-1', 'ec2')).toBe(
      'https://console.amazonaws.cn/ec2/home?region=cn-north-1',
    );
  });
});

describe('isConsoleUrl', () => {
  const ok = (u: string, region = 'us-east-1') => isConsoleUrl(new URL(u), partitionOf(region));
  it('accepts https on the console host and its subdomains', () => {
    expect(ok('https://console.aws.amazon.com/iam/home')).toBe(true);
    expect(ok('https://us-east-2.console.aws.amazon.com/ec2/home#Instances:')).toBe(true);
    expect(ok('https://console.amazonaws.cn/s3/', 'cn-north-1')).toBe(true);
  });
  it('refuses other schemes, hosts, look-alikes, credentials and ports', () => {
    expect(ok('http://console.aws.amazon.com/')).toBe(false);
    expect(ok('https://evil.example/console.aws.amazon.com')).toBe(false);
    expect(ok('https://console.aws.amazon.com.evil.example/')).toBe(false);
    expect(ok('https://evilconsole.aws.amazon.com/')).toBe(false);
    expect(ok('https://a@console.aws.amazon.com/')).toBe(false);
    expect(ok('https://console.aws.amazon.com:8443/')).toBe(false);
    expect(ok('javascript:alert(1)')).toBe(false);
  });
  it('refuses the console of another partition', () => {
    expect(ok('https://console.aws.amazon.com/', 'us-gov-west-1')).toBe(false);
    expect(ok('https://console.amazonaws-us-gov.com/', 'us-east-1')).toBe(false);
  });
});

describe('destinationFor', () => {
  it('is the region home, or a service page', () => {
    expect(destinationFor({ region: 'eu-west-1' }, AWS, retry)).toBe(consoleUrl('eu-west-1'));
    expect(destinationFor({ region: 'eu-west-1', service: 'cloudwatch' }, AWS, retry)).toBe(
      consoleUrl('eu-west-1', 'cloudwatch'),
    );
  });
  it('takes a console URL of the partition as given', () => {
    const d = 'https://console.aws.amazon.com/iam/home#/roles';
    expect(destinationFor({ region: 'eu-west-1', destination: d }, AWS, retry)).toBe(d);
  });
  it('refuses a destination off the console, with a hint that repeats the command', () => {
    const e = refusal(() =>
      destinationFor({ region: 'eu-west-1', destination: 'https://evil.example/' }, AWS, retry),
    );
    expect(e.message).toBe(
      '--destination must be an https URL on console.aws.amazon.com (the aws console)',
    );
    expect(e.hint).toBe(`awsid console --profile dev --destination ${consoleUrl('eu-west-1')}`);
    expect(() =>
      destinationFor({ region: 'eu-west-1', destination: 'not a url' }, AWS, retry),
    ).toThrow(UsageError);
  });
  it('refuses a region of another partition, a non-region and a service name with a path', () => {
    expect(refusal(() => destinationFor({ region: 'cn-north-1' }, AWS, retry)).hint).toBe(
      'awsid console --profile dev --region us-east-1',
    );
    expect(refusal(() => destinationFor({ region: 'x\u001b[2J' }, AWS, retry)).message).toBe(
      "'x\\u{1b}[2J' is not an AWS region",
    );
    const e = refusal(() => destinationFor({ region: 'us-east-1', service: '../x' }, AWS, retry));
    expect(e.hint).toBe('awsid console --profile dev --service s3');
  });
});
