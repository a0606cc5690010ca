import { partition } from '@aws-sdk/core/client';

/**
 * A region name as AWS spells them (`us-east-1`, `us-gov-west-1`, `us-isob-east-1`,
 * `eu-central-2`): the check is a shape, so new regions need no awsid release; a region the SDK
 * lists passes whatever its shape (`eusc-de-east-1`).
 */
export const REGION_RE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/;

export function isRegionName(value: string): boolean {
  return REGION_RE.test(value) || isKnownRegion(value);
}

/**
 * The region is in the partitions data the installed AWS SDK carries (@aws-sdk/core's
 * util-endpoints partitions.json, offline): `partition()` adds a region's description only for
 * regions that data lists, and answers from the partition's pattern for any other.
 */
export function isKnownRegion(value: string): boolean {
  return (partition(value) as { description?: unknown }).description !== undefined;
}

/** The warning for a region-shaped name the SDK does not list (new, or a typo); else undefined. */
export function unknownRegionWarning(flag: string, value: string): string | undefined {
  if (isKnownRegion(value)) return undefined;
  return `${flag} '${value}' is not a region this AWS SDK knows (a new region, or a typo?); using it as given`;
}
