import { JS_BLOCKED_SECTION_NAMES, JS_NAME_RE } from '../../awsconfig/header.js';
import { isRegionName, unknownRegionWarning } from '../../core/region.js';

/*
 * The checks `awsid setup` applies to each value. An `error` makes a flag a usage
 * error and makes a prompt ask again; `warnings` go to stderr and the value is used as given.
 */
export interface Check {
  error?: string;
  warnings: string[];
}

const ok = (...warnings: string[]): Check => ({ warnings });
const bad = (error: string): Check => ({ error, warnings: [] });

/** Access-portal hosts: classic (and GovCloud) awsapps.com, China awsapps.cn, the newer app.aws. */
const AWS_PORTAL_HOST = /(^|\.)(awsapps\.com|awsapps\.cn|app\.aws)$/i;

export function checkSessionName(name: string): Check {
  if (!JS_NAME_RE.test(name) || JS_BLOCKED_SECTION_NAMES.includes(name)) {
    return bad(
      `sso-session name '${name}' must use only letters, digits and _-@+.%:/ (the JS SDK ignores other sections)`,
    );
  }
  return ok();
}

export function checkStartUrl(url: string): Check {
  if (/\s/.test(url)) return bad(`start URL '${url}' contains whitespace`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return bad(`start URL '${url}' is not a URL`);
  }
  if (parsed.protocol !== 'https:') return bad(`start URL '${url}' must use https`);
  if (parsed.username || parsed.password)
    return bad(`start URL '${url}' must not hold a user name`);
  const warnings: string[] = [];
  // The AWS CLI keys its caches by the exact text (docs/protocol.md, "Token file names"):
  // keep one spelling.
  if (/#\/?$/.test(url)) {
    warnings.push(
      `start URL '${url}' ends with "#" or "#/" (copied from the browser?); the usual form is https://d-xxxxxxxxxx.awsapps.com/start`,
    );
  }
  if (!AWS_PORTAL_HOST.test(parsed.hostname)) {
    warnings.push(
      `start URL host '${parsed.hostname}' is not an AWS access portal host (*.awsapps.com, *.awsapps.cn, *.app.aws)`,
    );
  }
  return ok(...warnings);
}

export function checkRegion(region: string): Check {
  if (!isRegionName(region)) {
    return bad(`region '${region}' does not look like an AWS region (e.g. us-east-1, eu-west-1)`);
  }
  const unknown = unknownRegionWarning('region', region);
  return unknown ? ok(unknown) : ok();
}

/** Comma-separated, trimmed (the AWS CLI's parse_sso_registration_scopes). */
export function splitScopes(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function checkScopes(value: string): Check {
  const scopes = splitScopes(value);
  if (scopes.length === 0) return bad('registration scopes are empty');
  const odd = scopes.find((s) => !/^[A-Za-z0-9_.:/-]+$/.test(s));
  return odd ? bad(`registration scope '${odd}' is not a scope name`) : ok();
}
