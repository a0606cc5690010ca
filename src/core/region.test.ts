import { describe, expect, it } from 'vitest';

import { checkRegion } from '../cli/commands/setup-validate.js';
import { partitionOf, REGION_RE as CONSOLE_REGION_RE } from '../console/partition.js';
import { REGION_RE as DOCTOR_REGION_RE } from '../doctor/start-url.js';
import {
  isKnownRegion,
  isRegionName,
  partitionName,
  REGION_RE,
  unknownRegionWarning,
} from './region.js';

describe('regions from the SDK partitions data', () => {
  it('knows the listed regions of every partition, and not a made-up one', () => {
    for (const r of ['us-east-1', 'eu-west-1', 'us-gov-west-1', 'cn-north-1', 'eusc-de-east-1'])
      expect(isKnownRegion(r), r).toBe(true);
    for (const r of ['eu-west-9', 'us-east-99', 'xx-foo-1'])
      expect(isKnownRegion(r), r).toBe(false);
  });

  it('accepts a listed region whatever its shape, and a new one by shape', () => {
    expect(isRegionName('eusc-de-east-1')).toBe(true);
    expect(isRegionName('eu-west-9')).toBe(true);
    expect(isRegionName('eu-west')).toBe(false);
    expect(unknownRegionWarning('--region', 'eu-west-1')).toBeUndefined();
    expect(unknownRegionWarning('--region', 'eu-west-9')).toMatch(/^--region 'eu-west-9' is not/);
  });
});

describe('one region module for setup, doctor and console', () => {
  it('eusc-de-east-1 (the AWS European Sovereign Cloud) has a region shape everywhere', () => {
    expect(DOCTOR_REGION_RE).toBe(REGION_RE);
    expect(CONSOLE_REGION_RE).toBe(REGION_RE);
    for (const r of ['eusc-de-east-1', 'us-east-1', 'us-gov-west-1', 'us-isob-east-1'])
      expect(REGION_RE.test(r), r).toBe(true);
    expect(checkRegion('eusc-de-east-1')).toEqual({ warnings: [] });
  });

  it('partitions come from the SDK data; console names a partition whose sign-in it does not know', () => {
    expect(partitionName('eusc-de-east-1')).toBe('aws-eusc');
    expect(partitionName('us-gov-west-1')).toBe('aws-us-gov');
    expect(partitionName('cn-north-1')).toBe('aws-cn');
    expect(partitionOf('cn-northwest-1').id).toBe('aws-cn');
    expect(partitionOf('eu-central-2').id).toBe('aws');
    expect(() => partitionOf('eusc-de-east-1')).toThrow(
      "region 'eusc-de-east-1' is in the aws-eusc partition, whose console sign-in awsid does not know yet",
    );
  });
});
