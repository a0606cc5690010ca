import type { ConfigDocument, DocSection } from './document.js';

/**
 * Which section an edit targets. `{kind:'profile', name:'default'}` means the same as
 * `{kind:'default'}`: both SDKs map `[default]` and `[profile default]` to profile `default`
 * (docs/protocol.md, "Section headers").
 */
export type SectionAddress =
  | { kind: 'default' }
  | { kind: 'profile' | 'sso-session' | 'services'; name: string }
  /** Any other section by its exact bracket text, e.g. `preview` or `plugins`. */
  | { kind: 'other'; name: string };

function isDefault(a: SectionAddress): boolean {
  return a.kind === 'default' || (a.kind === 'profile' && a.name === 'default');
}

/**
 * Every section the address names, in file order. Commented-out headers are comments and never
 * match. A profile matches `[profile x]`, `[profile "x"]` and `[profile  x]` alike (botocore's
 * shlex split). For the default profile both `[default]` and `[profile default]` match; the
 * header's `kind` ('default' or 'profile') says which one each match is.
 */
export function findSections(doc: ConfigDocument, address: SectionAddress): DocSection[] {
  return doc.sections.filter(({ header }) => {
    if (isDefault(address)) {
      return header.kind === 'default' || (header.kind === 'profile' && header.name === 'default');
    }
    if (address.kind === 'default') return false;
    if (address.kind === 'other') return header.kind === 'other' && header.text === address.name;
    return header.kind === address.kind && header.name === address.name;
  });
}

/**
 * Matches grouped by configparser section (identical bracket text). botocore keeps the last group
 * whole, the JS SDK merges them, so an edit that changes every group is read the same by both.
 */
export function groupSections(sections: readonly DocSection[]): DocSection[][] {
  const groups = new Map<string, DocSection[]>();
  for (const s of sections) {
    const g = groups.get(s.header.text);
    if (g) g.push(s);
    else groups.set(s.header.text, [s]);
  }
  return [...groups.values()];
}

/** The header line awsid writes for a new section. */
export function headerFor(address: SectionAddress): string {
  if (isDefault(address)) return '[default]';
  if (address.kind === 'default') return '[default]';
  if (address.kind === 'other') return `[${address.name}]`;
  return `[${address.kind} ${address.name}]`;
}

export function describeAddress(address: SectionAddress): string {
  return headerFor(address);
}
