/** Process entry: builds the real context and runs main. The only place that sets the exit code. */
import { main } from '../cli/main.js';

export async function run(): Promise<void> {
  // awsid runs on Node 20 by choice (README); the SDK's per-process notice about future Node
  // versions is noise on every command's stderr, so it is silenced unless the user set it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.exitCode = await main(process.argv.slice(2));
}
