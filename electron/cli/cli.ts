import { runCli } from './program.js';

// Entry of the `causalprint` command (bundled to out/main/cli.js, started by bin/causalprint.js;
// in development: `npx tsx electron/cli/cli.ts …`). All logic lives in program.ts for testing.
process.exitCode = await runCli(process.argv.slice(2));
