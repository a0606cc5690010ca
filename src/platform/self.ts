/** Where this awsid lives, for commands that launch it again (daemon) or write it into config. */
import { fileURLToPath } from 'node:url';

/** Absolute path of bin/awsid.js (this file is dist/platform/self.js once built). */
export function awsidBinPath(): string {
  return fileURLToPath(new URL('../../bin/awsid.js', import.meta.url));
}

/** The Node binary running us: IDEs start the AWS CLI with another PATH, so name it absolutely. */
export function nodeBinPath(): string {
  return process.execPath;
}
