import { ConfigError } from '../core/errors.js';

/**
 * What is wrong with a config file, by line. `error` means botocore (and so the AWS CLI) refuses
 * the whole file, or the JS SDK does; awsid then never rewrites the file. `warn` means both SDKs
 * read the file but see something different (docs/protocol.md, "Section headers", "Line syntax").
 */
export type ProblemKind =
  'syntax' | 'duplicate-section' | 'duplicate-key' | 'sdk-disagreement' | 'ignored-section';

export interface ConfigProblem {
  /** 1-based. */
  line: number;
  message: string;
  severity: 'error' | 'warn';
  kind: ProblemKind;
  /** What to do to the line, completed by ` line N of FILE` (default `fix`). */
  fix?: string;
}

/** `/home/u/.aws/config` → `~/.aws/config` for messages, when the home directory is known. */
export function displayPath(path: string, home?: string): string {
  if (home && (path === home || path.startsWith(home.endsWith('/') ? home : `${home}/`))) {
    return `~${path.slice(home.replace(/\/$/, '').length)}`;
  }
  return path;
}

/**
 * The first error in a parsed file as a ConfigError that names the line, or undefined when the
 * file has none. Callers throw it: `const e = configSyntaxError(cfg); if (e) throw e;`.
 */
export function configSyntaxError(
  cfg: { path: string; problems: readonly ConfigProblem[] },
  home?: string,
): ConfigError | undefined {
  const first = cfg.problems.find((p) => p.severity === 'error');
  if (!first) return undefined;
  const shown = displayPath(cfg.path, home);
  const more = cfg.problems.filter((p) => p.severity === 'error').length - 1;
  const tail = more > 0 ? ` (and ${more} more)` : '';
  return new ConfigError(`${shown} line ${first.line}: ${first.message}${tail}`, {
    hint: `${first.fix ?? 'fix'} line ${first.line} of ${shown}`,
  });
}
