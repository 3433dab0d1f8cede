import { describe, expect, it } from 'vitest';
import { parseServeArgs } from '../../electron/server/serve-args.js';

describe('serve command line', () => {
  it('defaults to a random port, no demo, opening a browser', () => {
    expect(parseServeArgs([])).toEqual({ home: undefined, port: 0, demo: false, open: true });
  });

  it('reads --home, --port, --demo and --no-open', () => {
    expect(parseServeArgs(['--home', '/tmp/h', '--port', '8123', '--demo', '--no-open'])).toEqual({ home: '/tmp/h', port: 8123, demo: true, open: false });
  });

  it('answers help', () => {
    expect(parseServeArgs(['--help'])).toBe('help');
  });

  it('refuses a bad port, unknown options (including --host) and positionals with a usage message', () => {
    for (const argv of [['--port', 'abc'], ['--port', '70000'], ['--port', '-1'], ['--port', '1e3'], ['--host', '0.0.0.0'], ['extra']]) {
      expect(() => parseServeArgs(argv), argv.join(' ')).toThrow();
    }
    expect(() => parseServeArgs(['--host', '0.0.0.0'])).toThrow(/Usage:/);
  });
});
