/**
 * A command's options, declared once as a table: the yargs builder (`yargsOptions`), the options
 * type the command's run takes (`OptionsOf`), the bundled fast client's parser (`parseFlags`) and
 * the `credential_process` line writer and reader (src/populate/command-line.ts,
 * src/awsconfig/awsid-process.ts) all read it. No dependencies, so the fast bundle can load it.
 *
 * Adding a flag: one entry in the command's table, keyed by its spelling on the command line
 * (`'sso-session'`); the run receives it camel-cased (`ssoSession`), typed from the entry.
 */

export interface OptionSpec {
  readonly type: 'string' | 'boolean' | 'number';
  readonly describe: string;
  readonly default?: string | boolean | number;
  readonly choices?: readonly string[];
  /** Read this environment variable when the flag is absent (an "environment twin"). */
  readonly env?: string;
  /** ...but not when any of these flags is given (AWS_PROFILE yields to the role flags). */
  readonly envUnless?: readonly string[];
  /** Options this one cannot be combined with (yargs reports the conflict). */
  readonly conflicts?: string | readonly string[];
  readonly alias?: string;
  readonly hidden?: boolean;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** `sso-session` -> `ssoSession`, as a type. */
export type Camel<S extends string> = S extends `${infer H}-${infer T}`
  ? `${H}${Capitalize<Camel<T>>}`
  : S;

type ValueOf<S extends OptionSpec> = S['choices'] extends readonly (infer C)[]
  ? C
  : S['type'] extends 'boolean'
    ? boolean
    : S['type'] extends 'number'
      ? number
      : string;

type WithDefault<T extends OptionTable> = {
  [K in keyof T]: T[K] extends { readonly default: string | boolean | number } ? K : never;
}[keyof T];

/**
 * What a command's run receives: camel-cased keys; a value for an option with a default, else an
 * optional one (callers such as setup, which logs in, pass only what they have).
 */
export type OptionsOf<T extends OptionTable> = {
  [K in WithDefault<T> & string as Camel<K>]: ValueOf<T[K]>;
} & {
  [K in Exclude<keyof T, WithDefault<T>> & string as Camel<K>]?: ValueOf<T[K]> | undefined;
};

export const camelCase = (key: string): string =>
  key.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The table as yargs' `.options()` object (awsid's own fields left out). */
export function yargsOptions(table: OptionTable): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, spec] of Object.entries(table)) {
    const rest: Record<string, unknown> = { ...spec };
    delete rest.env;
    delete rest.envUnless;
    // yargs would fill the default in, and an environment twin could never apply.
    if (spec.env) delete rest.default;
    out[name] = rest;
  }
  return out;
}

/**
 * The options a run takes from parsed flags (yargs' argv or parseFlags' values, keyed as on the
 * command line): only the table's, camel-cased, each environment twin filled in.
 */
export function optionsOf<T extends OptionTable>(
  table: T,
  parsed: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
): OptionsOf<T> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) {
    let value = parsed[name];
    const given = (flag: string) => parsed[flag] !== undefined;
    if (value === undefined && spec.env && !(spec.envUnless ?? []).some(given)) {
      const raw = env[spec.env] || undefined;
      // A boolean's twin is on when set to anything but 0 or false (AWSID_DEBUG=1).
      value = spec.type === 'boolean' && raw !== undefined ? !/^(0|false)$/i.test(raw) : raw;
    }
    out[camelCase(name)] = value ?? spec.default;
  }
  return out as OptionsOf<T>;
}

/**
 * The bundle's strict parser: `--flag value` or `--flag=value` for strings, `--flag` for
 * booleans, each at most once. Anything else (an unknown flag, `--no-x`, `--help`, a positional,
 * a missing value) is undefined: the full CLI parses it and explains. A value may start with `-`
 * only in the `=` form (a role named `--auto-login`).
 */
export function parseFlags(
  table: OptionTable,
  argv: readonly string[],
): Record<string, string | boolean> | undefined {
  const found: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) return undefined;
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const spec = Object.hasOwn(table, name) ? table[name] : undefined;
    if (spec === undefined || found[name] !== undefined) return undefined;
    if (spec.type === 'boolean') {
      if (eq !== -1) return undefined;
      found[name] = true;
      continue;
    }
    if (spec.type !== 'string') return undefined;
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') return undefined;
    if (eq === -1 && value.startsWith('-')) return undefined;
    if (spec.choices && !spec.choices.includes(value)) return undefined;
    found[name] = value;
  }
  return found;
}

/** `--name value` or `--name=value` among split words, leniently (a config line's flags). */
export function flagValue(tokens: readonly string[], name: string): string | undefined {
  const flag = `--${name}`;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (t === flag) return tokens[i + 1];
    if (t.startsWith(`${flag}=`)) return t.slice(flag.length + 1);
  }
  return undefined;
}
