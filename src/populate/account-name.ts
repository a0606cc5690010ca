/*
 * The account name populate writes into each generated profile, so `awsid use` can show it: a key
 * neither SDK reads, like the marker (src/populate/marker.ts). The name is the portal's
 * `accountName`, which a hostile or broken server can fill with anything, so it is made to fit
 * the one-line `key = value` both SDKs read the same way (src/awsconfig/edit-validate.ts) before
 * the config editor validates it again:
 * - line breaks, other control characters, Unicode line/paragraph separators, bidi overrides and
 *   lone surrogates become a space: a line break would end the value and let the rest of the name
 *   be read as another key or a `[section]` header, and the others make the file unsafe to `cat`;
 * - runs of whitespace become one space and the ends are trimmed (both SDKs trim values, but JS
 *   also trims U+FEFF, which Python's `strip` keeps);
 * - whitespace before `#` or `;` is dropped, and a name cannot start with them: the JS SDK cuts
 *   ` #...` and ` ;...` as an inline comment, botocore keeps them;
 * - at most ACCOUNT_NAME_MAX characters: AWS Organizations caps account names at 50, so anything
 *   longer is not a real name and should not bloat every profile.
 * `[` and `=` need nothing: a key line is never read as a header, and both SDKs split it at its
 * first `=`.
 */
export const ACCOUNT_NAME_KEY = 'awsid_account_name';
export const ACCOUNT_NAME_MAX = 64;

const UNSAFE = /[\p{Cc}\p{Cs}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** The value to write for a portal account name; undefined when nothing printable is left. */
export function accountNameValue(accountName: string): string | undefined {
  const oneLine = accountName
    .replace(UNSAFE, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s+(?=[#;])/g, '')
    .replace(/^[\s#;]+/, '');
  const capped = Array.from(oneLine).slice(0, ACCOUNT_NAME_MAX).join('').trim();
  return capped === '' ? undefined : capped;
}
