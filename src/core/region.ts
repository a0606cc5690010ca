import { partition } from '@aws-sdk/core/client';

/**
 * The one region and partition module: a region's shape, whether the installed AWS SDK knows it,
 * and its partition, from the partitions data @aws-sdk/core carries (util-endpoints
 * partitions.json, offline). setup, populate, doctor and console all ask here.
 *
 * A region name as AWS spells them (`us-east-1`, `us-gov-west-1`, `us-isob-east-1`,
 * `eusc-de-east-1` in the AWS European Sovereign Cloud): the check is a shape, so new regions
 * need no awsid release; a region the SDK lists passes whatever its shape.
 */
export const REGION_RE = /^[a-z]{2,4}(-[a-z]+)+-\d+$/;

export function isRegionName(value: string): boolean {
  return REGION_RE.test(value) || isKnownRegion(value);
}

/**
 * The region is in the SDK's partitions data: `partition()` adds a region's description only for
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

/** `aws`, `aws-us-gov`, `aws-cn`, `aws-eusc`...: the SDK's partition of a region (by its pattern). */
export function partitionName(region: string): string {
  return partition(region).name;
}
