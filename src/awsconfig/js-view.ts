import type { SourceLine } from './line.js';
import { JS_PREFIX_RE, jsHeaderView, jsStripComment, type JsHeaderView } from './header.js';

/**
 * What the JS SDK's `parseIni` (js/smithy-config, @smithy/core 3.41) does with each line, so
 * resolve.ts can point at the lines it reads differently from botocore (docs/protocol.md,
 * "Line syntax"). It only needs `=`, cuts inline comments, keeps key case, and keeps a nested
 * block (`s3 =`) open until a key line with a value that is *not* indented.
 */
export type JsLineEvent =
  | { kind: 'header'; view: JsHeaderView }
  /** `key` is `parent.sub` inside a nested block. */
  | { kind: 'set'; key: string; value: string }
  | { kind: 'block-start'; name: string }
  | { kind: 'none' };

export function jsLineEvents(lines: readonly SourceLine[]): JsLineEvent[] {
  let inSection = false;
  let sub: string | undefined;
  return lines.map(({ text }): JsLineEvent => {
    const trimmed = jsStripComment(text);
    if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
      // parseIni keeps keys under `[preview]` (getConfigData drops them later) but not under
      // `[foo bar]`, a prefixed header with an unknown prefix.
      const m = JS_PREFIX_RE.exec(trimmed.slice(1, -1));
      inSection = !m || ['profile', 'sso-session', 'services'].includes(m[1] as string);
      sub = undefined;
      return { kind: 'header', view: jsHeaderView(text) };
    }
    if (!inSection) return { kind: 'none' };
    const eq = trimmed.indexOf('=');
    if (eq <= 0) return { kind: 'none' };
    const name = trimmed.slice(0, eq).trim();
    const value = trimmed.slice(eq + 1).trim();
    if (value === '') {
      sub = name;
      return { kind: 'block-start', name };
    }
    if (sub !== undefined && text.trimStart() === text) sub = undefined;
    return { kind: 'set', key: sub === undefined ? name : `${sub}.${name}`, value };
  });
}
