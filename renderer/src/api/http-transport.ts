import { httpRoutes } from '@contract/api-types';
import type { Envelope, EventChannel, InvokeChannel } from '@contract/contract';
import { CausalPrintError, isSerializedError } from '@contract/errors';
import type { EvidenceAsset, Transport, UploadFile } from './transport';

const UNREACHABLE = 'Cannot reach the CausalPrint server. Check that it is still running, then reload the page.';

/**
 * Talks to the local server (server mode): JSON envelopes over POST, events over one shared
 * EventSource, evidence pixels and uploads on their own routes. The token travels as the
 * HttpOnly cookie set when the start-up URL was opened, so nothing here handles it.
 */
export function createHttpTransport(): Transport {
  const events = createEventStream();
  return {
    kind: 'server',
    async invoke(channel: InvokeChannel, input: unknown) {
      const response = await request(httpRoutes.invoke(channel), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
      return readEnvelope(response);
    },
    on: events.on,
    evidenceUrl(evidenceId: string, asset: EvidenceAsset) {
      return httpRoutes.evidence(encodeURIComponent(evidenceId), asset);
    },
    async uploadFile(uploadId: string, index: number, upload: UploadFile) {
      const response = await request(httpRoutes.upload(uploadId, index), {
        method: 'PUT',
        headers: { [httpRoutes.fileNameHeader]: encodeURIComponent(upload.name), 'Content-Type': 'application/octet-stream' },
        body: upload.file,
      });
      const envelope = await readEnvelope(response);
      if (!envelope.ok) throw new CausalPrintError(envelope.error.code, envelope.error.message, envelope.error.details);
    },
  };
}

async function request(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, credentials: 'same-origin', cache: 'no-store' });
  } catch (error) {
    throw new CausalPrintError('IO', UNREACHABLE, undefined, { cause: error });
  }
}

/** Every server answer, error statuses included, carries an envelope; anything else is a transport failure. */
async function readEnvelope(response: Response): Promise<Envelope<unknown>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw new CausalPrintError('IO', `The server answered HTTP ${response.status} without a readable reply.`, undefined, { cause: error });
  }
  if (typeof body === 'object' && body !== null && 'ok' in body) {
    const envelope = body as { ok: unknown; value?: unknown; error?: unknown };
    if (envelope.ok === true) return { ok: true, value: envelope.value };
    if (envelope.ok === false && isSerializedError(envelope.error)) return { ok: false, error: envelope.error };
  }
  throw new CausalPrintError('IO', `The server answered HTTP ${response.status} with something that is not a CausalPrint reply.`);
}

/** One EventSource for the whole page, opened on the first subscription. */
function createEventStream(): Pick<Transport, 'on'> {
  let source: EventSource | null = null;
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();

  const ensureChannel = (channel: EventChannel): Set<(payload: unknown) => void> => {
    let set = listeners.get(channel);
    if (set) return set;
    set = new Set();
    listeners.set(channel, set);
    source ??= new EventSource(httpRoutes.events, { withCredentials: true });
    const subscribers = set;
    source.addEventListener(channel, (event) => {
      let payload: unknown;
      try {
        payload = JSON.parse((event as MessageEvent<string>).data);
      } catch {
        return; // A malformed frame is dropped; the job's final state is fetched again anyway.
      }
      for (const listener of subscribers) listener(payload);
    });
    return set;
  };

  return {
    on(channel, listener) {
      const set = ensureChannel(channel);
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  };
}
