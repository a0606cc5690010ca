/** Process entry: builds the real context and runs main. The only place that sets the exit code. */
import { main } from '../cli/main.js';

/** What the bundled fast client of this process learned before it handed the call over. */
export interface FastHandoff {
  /** It launched a daemon that did not come up: do not launch another for this call. */
  fastStartFailed?: boolean;
}

export async function run(handoff: FastHandoff = {}): Promise<void> {
  if (handoff.fastStartFailed) (await import('../cli/start-daemon.js')).noteFastStartFailed();
  // awsid runs on Node 20 by choice (README); the SDK's per-process notice about future Node
  // versions is noise on every command's stderr, so it is silenced unless the user set it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.exitCode = await main(process.argv.slice(2));
}
