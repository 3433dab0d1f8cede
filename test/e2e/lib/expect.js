// The few assertions the specs need; playwright-core has no `expect`, so polling lives here.
import assert from 'node:assert/strict';

const POLL_MS = 100;
export const DEFAULT_WAIT_MS = 15_000;

/**
 * Polls `read` until `accept(value)` holds; fails with the last value seen otherwise.
 * @template T
 * @param {string} what  the fact being waited for, in words
 * @param {() => Promise<T> | T} read
 * @param {(value: T) => boolean} accept
 * @returns {Promise<T>}
 */
export async function eventually(what, read, accept, timeoutMs = DEFAULT_WAIT_MS) {
  const deadline = Date.now() + timeoutMs;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await read();
      lastError = undefined;
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = lastError ? `error: ${lastError.message}` : `last value: ${JSON.stringify(last)}`;
      throw new assert.AssertionError({ message: `Timed out after ${timeoutMs} ms waiting for ${what} (${seen})` });
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Polls until `read()` deep-equals `expected`. */
export async function eventuallyEqual(what, read, expected, timeoutMs = DEFAULT_WAIT_MS) {
  const key = JSON.stringify(expected);
  return eventually(what, read, (value) => JSON.stringify(value) === key, timeoutMs);
}

export { assert };
