import { runCli } from './program.js';

// Entry of the `causalprint` command (bundled to out/main/cli.js, started by bin/causalprint.js;
// in development: `npx tsx electron/cli/cli.ts …`). All logic lives in program.ts for testing.
// A reader that stops early (`causalprint … | head`) closes the pipe: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await runCli(process.argv.slice(2));
