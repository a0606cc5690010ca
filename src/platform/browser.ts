/** Opening the user's browser, behind a one-method interface (gh's internal/browser). */
import { isSecretVar } from './daemon-env.js';
import type { Env } from './env.js';

export interface Browser {
  /** Opens an https URL; resolves false when there is no way to open one or the URL is not https. */
  open(url: string): Promise<boolean>;
}

/** True when something can show a page: $BROWSER, a display, or a desktop OS. */
export function canOpenBrowser(env: Env, platform: NodeJS.Platform = process.platform): boolean {
  if (env.BROWSER) return true;
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/**
 * `open` (v11) starts the browser with this process's environment and takes no `env` option, so
 * the secrets daemon-env.ts keeps from the daemon are removed from process.env itself before it
 * runs: a browser outlives the command and must not carry AWSID_PASSPHRASE or AWS keys. awsid
 * loses nothing by it: main took its environment snapshot (Context.env) at start-up.
 */
function scrubProcessEnv(): void {
  for (const name of Object.keys(process.env)) {
    if (isSecretVar(name)) delete process.env[name];
  }
}

export function systemBrowser(env: Env): Browser {
  return {
    async open(url) {
      // Only ever https: a URL from a server is not allowed to launch file:, javascript: or a program.
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return false;
      }
      if (parsed.protocol !== 'https:' || !canOpenBrowser(env)) return false;
      try {
        scrubProcessEnv();
        const { default: open } = await import('open');
        const child = await open(parsed.href, { wait: false });
        child.on('error', () => undefined);
        child.unref();
        return true;
      } catch {
        return false;
      }
    },
  };
}
