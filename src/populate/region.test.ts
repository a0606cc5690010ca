import { describe, expect, it } from 'vitest';

import { isKnownRegion, isRegionName, unknownRegionWarning } from './region.js';

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
