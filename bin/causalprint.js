#!/usr/bin/env node
// The `causalprint` command: runs the CLI built by `npm run build` (electron-vite → out/main/cli.js).
const built = new URL('../out/main/cli.js', import.meta.url);
try {
  await import(built.href);
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('out/main/cli.js')) throw error;
  process.stderr.write(
    'causalprint: the command line is not built yet. Run `npm run build` once in the CausalPrint folder\n' +
      '(or, in development, `npx tsx electron/cli/cli.ts <command>`).\n',
  );
  process.exitCode = 2;
}
