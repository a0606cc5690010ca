/**
 * The optional user service for `awsid daemon run`: a systemd user unit (Linux) or a launchd agent
 * (macOS). Pure text builders. The unit carries the installing shell's world (world.ts): the
 * variables that decide the config, state, secret store, endpoints and socket directory are written
 * into it (set or, for systemd, explicitly unset), so the service's daemon listens on the socket
 * that shell's callers look for.
 */
import { UsageError } from '../core/errors.js';
import { WORLD_VARIABLES } from './world.js';

/** Every file awsid writes here carries this line; awsid replaces or removes no other file. */
export const SERVICE_MARKER = 'Written by awsid daemon install';
export const LAUNCHD_LABEL = 'awsid.daemon';
export const SYSTEMD_UNIT_NAME = 'awsid.service';

/** What, besides WORLD_VARIABLES, decides the daemon's files and socket (src/platform/paths.ts). */
export const SERVICE_VARIABLES: readonly string[] = [
  'HOME',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'XDG_STATE_HOME',
  'XDG_RUNTIME_DIR',
  'AWSID_SECRET_STORE',
  ...WORLD_VARIABLES,
];

export interface ServiceSpec {
  /** Absolute path of the Node binary (IDEs and service managers have another PATH). */
  node: string;
  /** Absolute path of bin/awsid.js. */
  bin: string;
  idleMinutes: number;
  /** The service variables the installing shell has (secrets already removed, paths absolute). */
  env: Readonly<Record<string, string>>;
}

export function isOurs(text: string): boolean {
  return text.includes(SERVICE_MARKER);
}

/** A line break or other control character would end a directive early and start another. */
function plain(what: string, value: string): string {
  if (/[\x00-\x1f\x7f]/.test(value)) {
    throw new UsageError(
      `${what} contains a control character; awsid does not write it into a service file`,
      {
        hint: `fix ${what}, then run: awsid daemon install`,
      },
    );
  }
  return value;
}

/** systemd's double-quoted word (systemd.syntax(7) "Quoting"); `%` is a specifier, `$` expands in ExecStart. */
function systemdWord(value: string, dollar: boolean): string {
  let s = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%');
  if (dollar) s = s.replace(/\$/g, '$$$$');
  return `"${s}"`;
}

function command(spec: ServiceSpec): string[] {
  return [
    plain('the node path', spec.node),
    plain('the awsid path', spec.bin),
    'daemon',
    'run',
    '--idle-minutes',
    String(spec.idleMinutes),
  ];
}

function serviceEnv(spec: ServiceSpec): { set: [string, string][]; unset: string[] } {
  const set: [string, string][] = [];
  const unset: string[] = [];
  for (const name of SERVICE_VARIABLES) {
    const value = spec.env[name];
    if (value === undefined || value === '') unset.push(name);
    else set.push([name, plain(name, value)]);
  }
  return { set, unset };
}

/**
 * A systemd user unit (systemd.service(5)). On failure it restarts; a clean exit (idle, `awsid
 * daemon stop`, replaced by a newer build) and exit 10 (another daemon already serves this world)
 * leave it stopped, and the next caller starts a daemon on demand as always.
 */
export function systemdUnit(spec: ServiceSpec): string {
  const { set, unset } = serviceEnv(spec);
  return [
    `# ${SERVICE_MARKER}; \`awsid daemon install --uninstall\` removes it.`,
    '# The environment below is the world of the shell that installed it (docs/architecture.md,',
    '# "One daemon per world"): a shell with other values gets its own daemon on demand.',
    '[Unit]',
    'Description=awsid credential daemon (AWS IAM Identity Center)',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${command(spec)
      .map((w) => systemdWord(w, true))
      .join(' ')}`,
    ...set.map(([k, v]) => `Environment=${systemdWord(`${k}=${v}`, false)}`),
    ...(unset.length ? [`UnsetEnvironment=${unset.join(' ')}`] : []),
    'Restart=on-failure',
    'SuccessExitStatus=10',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');
}

function xml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A launchd agent (launchd.plist(5)): started at login; launchd gives it no shell environment. */
export function launchdPlist(spec: ServiceSpec): string {
  const { set } = serviceEnv(spec);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    `<!-- ${SERVICE_MARKER}; \`awsid daemon install --uninstall\` removes it. -->`,
    '<plist version="1.0">',
    '<dict>',
    `  <key>Label</key><string>${LAUNCHD_LABEL}</string>`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...command(spec).map((w) => `    <string>${xml(w)}</string>`),
    '  </array>',
    '  <key>EnvironmentVariables</key>',
    '  <dict>',
    ...set.map(([k, v]) => `    <key>${xml(k)}</key><string>${xml(v)}</string>`),
    '  </dict>',
    '  <key>RunAtLoad</key><true/>',
    '  <key>ProcessType</key><string>Background</string>',
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}
