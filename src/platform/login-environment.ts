/**
 * Facts about where awsid runs that decide whether a browser on this machine can answer a
 * loopback redirect (aws/aws-cli #9148, #10433, #9228: PKCE over SSH lands on the wrong host).
 * A caller that asks the daemon for an auto-login sends these facts of its own environment
 * (docs/protocol.md), so the login follows the caller's terminal, not the daemon's. Light on
 * purpose: the credential-process bundle imports it.
 */
import { existsSync } from 'node:fs';

import type { Env } from './env.js';

/** True when something can show a page: $BROWSER, a display, a desktop OS, or WSL's Windows. */
export function canOpenBrowser(env: Env, platform: NodeJS.Platform = process.platform): boolean {
  if (env.BROWSER) return true;
  if (platform === 'darwin' || platform === 'win32') return true;
  // WSL: the `open` package starts the Windows browser, and Windows forwards 127.0.0.1 to WSL.
  if (env.WSL_DISTRO_NAME || env.WSL_INTEROP) return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

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
