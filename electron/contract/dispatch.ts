import { CausalPrintError, serializeError } from './errors.js';
import {
  type ContractHandlers,
  type Envelope,
  type InvokeChannel,
  invokeContract,
  isInvokeChannel,
} from './contract.js';

/**
 * Validates a payload against the contract and runs the matching handler. Used by both the
 * Electron IPC wrapper and the local server, so the two front doors cannot drift apart.
 * Never throws: every failure becomes an error envelope the client turns back into an error.
 */
export async function dispatchInvoke(
  handlers: ContractHandlers,
  channel: string,
  payload: unknown,
): Promise<Envelope<unknown>> {
  try {
    if (!isInvokeChannel(channel)) {
      throw new CausalPrintError('NOT_FOUND', `Unknown channel "${channel}"`);
    }
    const spec = invokeContract[channel];
    const parsed = spec.input.safeParse(payload ?? {});
    if (!parsed.success) {
      throw new CausalPrintError('VALIDATION', describeIssues(parsed.error.issues), {
        issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
      });
    }
    const handler = handlers[channel] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    // Outputs are parsed too: a handler that breaks the contract is a bug we want to see loudly.
    return { ok: true, value: spec.output.parse(value) };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}

function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const first = issues.slice(0, 3).map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message));
  return `Invalid request — ${first.join('; ')}${issues.length > 3 ? ` (+${issues.length - 3} more)` : ''}`;
}

export type { InvokeChannel };
