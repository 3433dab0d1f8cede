import { parseArgs } from 'node:util';
import { CausalPrintError } from '../contract/errors.js';

/** Parsed command line of `serve`. */
export interface ServeArgs {
  home: string | undefined;
  port: number;
  demo: boolean;
  open: boolean;
}

/** Usage text printed by `--help` and on a bad option. */
export const SERVE_USAGE = `Usage: node out/main/serve.js [--home DIR] [--port N] [--demo] [--no-open]

  --home DIR   data directory (default: $CAUSALPRINT_HOME or the OS app-data folder)
  --port N     port on 127.0.0.1 (default: a free random port)
  --demo       create the demo case from the bundled sample images if it is missing
  --no-open    do not try to open a browser`;

/**
 * Parses `serve` options strictly: an unknown option or a malformed port is an error with a
 * clear message rather than a silently ignored typo. There is deliberately no `--host`.
 */
export function parseServeArgs(argv: readonly string[]): ServeArgs | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        home: { type: 'string' },
        port: { type: 'string' },
        demo: { type: 'boolean', default: false },
        'no-open': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new CausalPrintError('VALIDATION', `${error instanceof Error ? error.message : String(error)}\n\n${SERVE_USAGE}`);
  }
  if (values.help) return 'help';
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!/^\d{1,5}$/.test(values.port ?? '0') || port > 65_535) {
    throw new CausalPrintError('VALIDATION', `--port must be a number between 0 and 65535, got "${values.port}".`);
  }
  return { home: values.home, port, demo: values.demo, open: !values['no-open'] };
}
