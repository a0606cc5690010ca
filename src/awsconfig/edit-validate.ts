import { ConfigError } from '../core/errors.js';
import { JS_BLOCKED_SECTION_NAMES, JS_NAME_RE } from './header.js';
import type { SectionAddress } from './section-match.js';

/*
 * awsid writes only what botocore and the JS SDK read the same way (docs/protocol.md, "Line
 * syntax", safe subset): lower-case keys (botocore lower-cases, JS does not), `key = value` with a
 * value that has no inline-comment marker (JS cuts ` #`/` ;`, botocore keeps it) and does not start
 * with one, and section names inside the JS header regex's character set.
 */

const KEY_RE = /^[a-z0-9_][a-z0-9_.-]*$/;
/** Neither SDK changes the case of sub-keys inside a nested block. */
const SUB_KEY_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export function validateKey(key: string, nested = false): void {
  if (!(nested ? SUB_KEY_RE : KEY_RE).test(key)) {
    throw new ConfigError(
      `cannot write config key "${key}": use ${nested ? '' : 'lower-case '}letters, digits, "_", "." or "-"`,
    );
  }
}

export function validateValue(key: string, value: string): void {
  const problem =
    value.trim() === ''
      ? 'is empty (the JS SDK would read it as the start of a nested block)'
      : value !== value.trim()
        ? 'starts or ends with whitespace (both SDKs trim it)'
        : /[\r\n]/.test(value)
          ? 'contains a line break'
          : /^[#;]|\s[#;]/.test(value)
            ? 'contains "#" or ";" after a space (the JS SDK reads that as a comment, botocore does not)'
            : undefined;
  if (problem) throw new ConfigError(`cannot write a value for "${key}": it ${problem}`);
}

export function validateAddress(address: SectionAddress): void {
  if (address.kind === 'default') return;
  const { name } = address;
  if (address.kind === 'other') {
    if (name === '' || /[[\]\r\n]/.test(name) || name !== name.trim()) {
      throw new ConfigError(`cannot write a section named "${name}"`);
    }
    return;
  }
  if (!JS_NAME_RE.test(name) || JS_BLOCKED_SECTION_NAMES.includes(name)) {
    throw new ConfigError(
      `cannot write [${address.kind} ${name}]: the JS SDK ignores names outside letters, digits and _-@+.%:/`,
    );
  }
}
