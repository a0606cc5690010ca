/**
 * Where the console opens after sign-in (the `Destination` of the federation login URL): the home
 * page of a region, a service's page (`--service`), or a console URL the user gives
 * (`--destination`), which must stay on the console of the session's partition.
 */
import { UsageError } from '../core/errors.js';
import { terminalSafe } from '../core/terminal-text.js';
import { type Partition, partitionOf, REGION_RE } from './partition.js';

export interface DestinationFlags {
  region: string;
  service?: string | undefined;
  destination?: string | undefined;
}

/** A region of each partition, for hints. */
const PARTITION_HOME: Record<Partition['id'], string> = {
  aws: 'us-east-1',
  'aws-us-gov': 'us-gov-west-1',
  'aws-cn': 'cn-north-1',
};

const SERVICE_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Console host for a region: regional in the aws partition (as aws-vault), the apex elsewhere. */
function consoleHost(p: Partition, region: string): string {
  return p.id === 'aws' ? `${region}.${p.consoleHost}` : p.consoleHost;
}

/** `https://<region>.console.aws.amazon.com/<service>/home?region=<region>` (`console` = home). */
export function consoleUrl(region: string, service = 'console'): string {
  const url = new URL(`https://${consoleHost(partitionOf(region), region)}/${service}/home`);
  url.searchParams.set('region', region);
  return url.href;
}

/** True for an https URL on the partition's console host or one of its subdomains. */
export function isConsoleUrl(url: URL, partition: Partition): boolean {
  const host = url.hostname.toLowerCase();
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    (host === partition.consoleHost || host.endsWith(`.${partition.consoleHost}`))
  );
}

/**
 * The destination for `flags`; `partition` is the sso-session's (where the credentials live).
 * `retry` builds the hint: this command again with the given flags instead of the bad ones.
 */
export function destinationFor(
  flags: DestinationFlags,
  partition: Partition,
  retry: (...flags: string[]) => string,
): string {
  if (flags.destination !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(flags.destination);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !isConsoleUrl(parsed, partition)) {
      throw new UsageError(
        `--destination must be an https URL on ${partition.consoleHost} (the ${partition.id} console)`,
        { hint: retry('--destination', consoleUrl(flags.region)) },
      );
    }
    return parsed.href;
  }
  if (!REGION_RE.test(flags.region)) {
    throw new UsageError(`'${terminalSafe(flags.region)}' is not an AWS region`, {
      hint: retry('--region', 'us-east-1'),
    });
  }
  if (partitionOf(flags.region).id !== partition.id) {
    throw new UsageError(
      `region '${flags.region}' is not in the ${partition.id} partition of the sso-session`,
      { hint: retry('--region', PARTITION_HOME[partition.id]) },
    );
  }
  if (flags.service !== undefined && !SERVICE_RE.test(flags.service)) {
    throw new UsageError(
      `--service '${terminalSafe(flags.service)}' is not a console service name`,
      {
        hint: retry('--service', 's3'),
      },
    );
  }
  return consoleUrl(flags.region, flags.service);
}
