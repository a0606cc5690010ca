/*
 * Where `awsid adopt` keeps what it takes out of a profile: in the config file itself. Each
 * `sso_*` line is commented out in place behind ADOPT_PREFIX, its bytes and line ending untouched,
 * instead of being copied to a sidecar file in the state directory. Why: the file then carries its
 * own undo, so nothing can go stale or point at the wrong file when the config is kept in a
 * dotfile repository, copied to another machine, restored from a backup, or the state directory is
 * wiped; people can read (and edit) what `--undo` puts back; undo works line by line inside the
 * adopted profiles, so edits made elsewhere in between are kept; and adopting more profiles later
 * just adds more such lines. Both SDKs skip whole-line comments (botocore's configparser, the JS
 * SDK's parseIni), so a commented-out key is a removed key for them.
 */
export const ADOPT_PREFIX = '# awsid adopt: ';

/**
 * The line inside an `[sso-session]` that adopt added for legacy profiles (`sso_start_url` in the
 * profile). It does not start with ADOPT_PREFIX: nothing in it is to be restored.
 */
export const ADDED_SESSION_MARK =
  '# added by awsid adopt for profiles that had sso_start_url; awsid adopt --undo removes it';

/** The text a commented-out line had, or undefined for any other line. */
export function adoptedLine(text: string): string | undefined {
  return text.startsWith(ADOPT_PREFIX) ? text.slice(ADOPT_PREFIX.length) : undefined;
}
