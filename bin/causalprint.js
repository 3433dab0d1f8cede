#!/usr/bin/env node
// The `causalprint` command: runs the CLI built by `npm run build` (electron-vite → out/main/cli.js).
import '../out/main/cli.js';
