import { homedir } from 'node:os';
import { join } from 'node:path';

import type { Env } from './env.js';

/** Where awsid and the AWS tools keep their files, derived from the environment once. */
export interface Paths {
  home: string;
  /**
   * `AWS_CONFIG_FILE`, else `~/.aws/config` (botocore and the JS SDK agree; docs/protocol.md,
   * "Config files and profile selection").
   */
  awsConfigFile: string;
  /** `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`. */
  awsCredentialsFile: string;
  /** The AWS CLI's token and registration cache, `~/.aws/sso/cache`. */
  awsSsoCacheDir: string;
  /** awsid's own state (sealed tokens, locks): `$XDG_STATE_HOME/awsid`, else `~/.local/state/awsid`. */
  stateDir: string;
  /** The daemon's socket directory: `$XDG_RUNTIME_DIR/awsid`, else `<stateDir>/run`. */
  runtimeDir: string;
}

function expandHome(path: string, home: string): string {
  return path === '~' || path.startsWith('~/') ? join(home, path.slice(1)) : path;
}

/**
 * Home as the JS SDK finds it: HOME, USERPROFILE, HOMEPATH, then the OS (docs/protocol.md, "Token
 * file names").
 */
export function resolveHome(env: Env): string {
  return env.HOME || env.USERPROFILE || env.HOMEPATH || homedir();
}

export function resolvePaths(env: Env): Paths {
  const home = resolveHome(env);
  const stateBase = env.XDG_STATE_HOME || join(home, '.local', 'state');
  const stateDir = join(stateBase, 'awsid');
  return {
    home,
    awsConfigFile: expandHome(env.AWS_CONFIG_FILE || join(home, '.aws', 'config'), home),
    awsCredentialsFile: expandHome(
      env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
      home,
    ),
    awsSsoCacheDir: join(home, '.aws', 'sso', 'cache'),
    stateDir,
    runtimeDir: env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'awsid') : join(stateDir, 'run'),
  };
}
