/** Opening the user's browser, behind a one-method interface (gh's internal/browser). */
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
