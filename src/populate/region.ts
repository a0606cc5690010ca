/**
 * A region name as AWS spells them (`us-east-1`, `us-gov-west-1`, `us-isob-east-1`,
 * `eu-central-2`): the check is a shape, not a list, so new regions need no awsid release.
 */
export const REGION_RE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/;

export function isRegionName(value: string): boolean {
  return REGION_RE.test(value);
}
