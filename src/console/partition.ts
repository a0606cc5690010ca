import { ConfigError } from '../core/errors.js';
import { partitionName } from '../core/region.js';

export { REGION_RE } from '../core/region.js';

/**
 * The AWS partition a region belongs to (the SDK's partitions data, src/core/region.ts), and that partition's sign-in and console hosts
 * (aws-vault's cli/login.go; AWS docs "Enabling custom identity broker access to the AWS console").
 */
export interface Partition {
  id: KnownPartition;
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

export type KnownPartition = 'aws' | 'aws-us-gov' | 'aws-cn';

const BY_NAME: Record<string, Partition> = { aws: AWS, 'aws-us-gov': GOV, 'aws-cn': CN };

/**
 * The partition's sign-in and console hosts. A partition whose hosts awsid does not know
 * (`aws-eusc`, the AWS European Sovereign Cloud: a valid region everywhere else) is refused here,
 * naming it, rather than sending a sign-in token to a guessed host.
 */
export function partitionOf(region: string): Partition {
  const name = partitionName(region);
  const known = BY_NAME[name];
  if (known) return known;
  throw new ConfigError(
    `region '${region}' is in the ${name} partition, whose console sign-in awsid does not know yet`,
    {
      hint: 'use the console of that partition in the browser, or: awsid exec --profile P -- aws ...',
    },
  );
}
