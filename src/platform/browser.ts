/** Opening the user's browser, behind a one-method interface (gh's internal/browser). */
import { isSecretVar } from './daemon-env.js';
import type { Env } from './env.js';
import { canOpenBrowser } from './login-environment.js';

export { canOpenBrowser };

export interface Browser {
  /**
   * Opens an https URL, or an http URL on a loopback host (a local endpoint such as a test
   * Identity Center); resolves false when there is no way to open one or the URL is neither.
   */
  open(url: string): Promise<boolean>;
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

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A URL from a server is never allowed to launch file:, javascript: or a program. */
export function isOpenableUrl(parsed: URL): boolean {
  return (
    parsed.protocol === 'https:' || (parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname))
  );
}

export function systemBrowser(env: Env): Browser {
  return {
    async open(url) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return false;
      }
      if (!isOpenableUrl(parsed) || !canOpenBrowser(env)) return false;
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
