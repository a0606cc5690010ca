/** Process entry: builds the real context and runs main. The only place that sets the exit code. */
import { main } from '../cli/main.js';

export async function run(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2));
}
