#!/usr/bin/env node
// Entry shim: everything else lives in dist/ (built by `npm ci` through the prepare script).
import { run } from '../dist/bin/awsid.js';

await run();
