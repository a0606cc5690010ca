import type { DocSection } from '../awsconfig/document.js';
import { parseAwsidProcess } from '../awsconfig/awsid-process.js';

/*
 * How populate recognises its own profiles: a key neither SDK reads (botocore and the JS SDK keep
 * unknown keys and ignore them; checked in generated-profiles.integration.test.ts against both
 * parsers) whose value is the sso-session the profile was generated for. Only sections carrying it
 * for the session being populated are ever changed or pruned (a tool that offered to erase another
 * Identity Center instance's profiles: synfinatic/aws-sso-cli #696).
 */
export const MARKER_KEY = 'awsid_generated';

export function groupComment(ssoSession: string): string {
  return `# awsid populate: sso-session ${ssoSession}`;
}

/** The marker's value (the sso-session), or undefined for a section populate did not write. */
export function markerOf(section: DocSection): string | undefined {
  return section.keys.findLast((k) => k.id === MARKER_KEY)?.value;
}

export interface GeneratedTarget {
  accountId: string | undefined;
  roleName: string | undefined;
}

/** Account and role named by the section's `credential_process` flags (as botocore splits it). */
export function targetOf(section: DocSection): GeneratedTarget {
  const cp = section.keys.findLast((k) => k.id === 'credential_process')?.value ?? '';
  const { accountId, roleName } = parseAwsidProcess(cp);
  return { accountId, roleName };
}
