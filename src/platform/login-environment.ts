/**
 * Facts about where awsid runs that decide whether a browser on this machine can answer a
 * loopback redirect (aws/aws-cli #9148, #10433, #9228: PKCE over SSH lands on the wrong host).
 */
import { existsSync } from 'node:fs';

import { canOpenBrowser } from './browser.js';
import type { Env } from './env.js';

export interface LoginEnvironment {
  /** SSH_CONNECTION, SSH_CLIENT or SSH_TTY is set. */
  ssh: boolean;
  /** DISPLAY or WAYLAND_DISPLAY is set. */
  display: boolean;
  /** BROWSER is set. */
  browserVar: boolean;
  /** /.dockerenv, /run/.containerenv, or `container` in the environment (systemd, podman). */
  container: boolean;
  /** canOpenBrowser(): a display, BROWSER, macOS, Windows or WSL. */
  canOpen: boolean;
}

export function loginEnvironment(
  env: Env,
  platform: NodeJS.Platform = process.platform,
): LoginEnvironment {
  return {
    ssh: Boolean(env.SSH_CONNECTION || env.SSH_CLIENT || env.SSH_TTY),
    display: Boolean(env.DISPLAY || env.WAYLAND_DISPLAY),
    browserVar: Boolean(env.BROWSER),
    container:
      platform === 'linux' &&
      (Boolean(env.container) || existsSync('/.dockerenv') || existsSync('/run/.containerenv')),
    canOpen: canOpenBrowser(env, platform),
  };
}
