import { shlexSplit } from './shlex.js';

export type SectionKind = 'default' | 'profile' | 'sso-session' | 'services' | 'other';

/**
 * How botocore reads a `[...]` line (botocore configloader.py `build_profile_map`;
 * docs/protocol.md, "Section headers").
 */
export interface HeaderView {
  /**
   * The text between the brackets as configparser keeps it: `\[(.+)\]` matched greedily on the
   * stripped line, so `[profile x] ; note` gives `profile x`. Two headers with the same text are
   * one configparser section (a duplicate is an error in strict mode).
   */
  text: string;
  kind: SectionKind;
  /** Profile, session or services name; for `default` it is `default`; for `other` the text. */
  name: string;
  /** The name was written in quotes (`[profile "x"]`). */
  quoted: boolean;
}

const PREFIXES = ['profile', 'sso-session', 'services'] as const;

/** The `[...]` part of a stripped line, or undefined when configparser sees no header. */
export function headerText(stripped: string): string | undefined {
  if (!stripped.startsWith('[')) return undefined;
  const close = stripped.lastIndexOf(']');
  return close >= 2 ? stripped.slice(1, close) : undefined;
}

export function classifyHeader(text: string): HeaderView {
  if (text === 'default') return { text, kind: 'default', name: 'default', quoted: false };
  for (const prefix of PREFIXES) {
    if (!text.startsWith(prefix)) continue;
    const parts = shlexSplit(text);
    // botocore takes the 2nd token of any header that merely *starts* with the prefix
    // (`[profilex y]` is profile y there); we only call it a profile when the first token is
    // exactly the prefix, and resolve.ts reports the odd case.
    if (parts?.length === 2 && parts[0]?.value === prefix && parts[0].quoted === false) {
      const second = parts[1] as { value: string; quoted: boolean };
      return { text, kind: prefix, name: second.value, quoted: second.quoted };
    }
    break;
  }
  return { text, kind: 'other', name: text, quoted: false };
}

/** botocore's own reading of a header that starts with a known prefix (possibly odd, see above). */
export function botocorePrefixedName(
  text: string,
): { prefix: (typeof PREFIXES)[number]; name: string } | undefined {
  for (const prefix of PREFIXES) {
    if (!text.startsWith(prefix)) continue;
    const parts = shlexSplit(text);
    if (parts?.length === 2) return { prefix, name: (parts[1] as { value: string }).value };
    return undefined;
  }
  return undefined;
}

/**
 * The JS SDK's reading of a line (js/smithy-config `parseIni`, @smithy/core 3.41): comments are
 * cut at `#`/`;` that start the line or follow whitespace, a header must end in `]`, and
 * `prefix name` must match `^([\w-]+)\s(["'])?([\w-@+.%:/]+)\2$` (exactly one space).
 */
export type JsHeaderView =
  | { kind: 'not-a-header' }
  | { kind: 'ignored'; text: string }
  | { kind: 'default' | 'profile' | 'sso-session' | 'services'; name: string };

export const JS_PREFIX_RE = /^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/;

export function jsStripComment(line: string): string {
  return (line.split(/(^|\s)[;#]/)[0] ?? '').trim();
}

export function jsHeaderView(line: string): JsHeaderView {
  const trimmed = jsStripComment(line);
  if (!(trimmed.startsWith('[') && trimmed.endsWith(']'))) return { kind: 'not-a-header' };
  const text = trimmed.slice(1, -1);
  const m = JS_PREFIX_RE.exec(text);
  if (m) {
    const prefix = m[1] as string;
    const name = m[3] as string;
    if (prefix === 'profile' || prefix === 'sso-session' || prefix === 'services') {
      // getConfigData maps `profile.default` and plain `default` to the same profile.
      return prefix === 'profile' && name === 'default'
        ? { kind: 'default', name }
        : { kind: prefix, name };
    }
    return { kind: 'ignored', text };
  }
  // A section without a recognised prefix survives only as `default` (getConfigData).
  return text === 'default' ? { kind: 'default', name: 'default' } : { kind: 'ignored', text };
}

/** JS throws for these names and then ignores the whole file (loadSharedConfigFiles swallows it). */
export const JS_BLOCKED_SECTION_NAMES: readonly string[] = ['__proto__', 'profile __proto__'];

/** Characters the JS SDK accepts in a profile, session or services name. */
export const JS_NAME_RE = /^[\w\-@+.%:/]+$/;
