/**
 * The AWS partition a region belongs to, and that partition's sign-in and console hosts
 * (aws-vault's cli/login.go; AWS docs "Enabling custom identity broker access to the AWS console").
 */
export interface Partition {
  id: 'aws' | 'aws-us-gov' | 'aws-cn';
  /** Host of the federation endpoint (`https://<host>/federation`). */
  signinHost: string;
  /** The console's apex host; regional consoles are `<region>.<host>` in the aws partition. */
  consoleHost: string;
}

const AWS: Partition = {
  id: 'aws',
  signinHost: 'signin.aws.amazon.com',
  consoleHost: 'console.aws.amazon.com',
};
const GOV: Partition = {
  id: 'aws-us-gov',
  signinHost: 'signin.amazonaws-us-gov.com',
  consoleHost: 'console.amazonaws-us-gov.com',
};
const CN: Partition = {
  id: 'aws-cn',
  signinHost: 'signin.amazonaws.cn',
  consoleHost: 'console.amazonaws.cn',
};

export const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** By region prefix, as the SDKs' partitions.json does (`us-gov-`, `cn-`; anything else aws). */
export function partitionOf(region: string): Partition {
  if (region.startsWith('us-gov-')) return GOV;
  if (region.startsWith('cn-')) return CN;
  return AWS;
}
