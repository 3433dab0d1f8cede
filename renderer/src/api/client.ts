import {
  eventContract,
  invokeContract,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeInput,
  type InvokeOutput,
} from '@contract/contract';
import { CausalPrintError, deserializeError } from '@contract/errors';
import { createHttpTransport } from './http-transport';
import { createIpcTransport } from './ipc-transport';
import type { EvidenceAsset, Transport, UploadFile } from './transport';

export type { EvidenceAsset, UploadFile } from './transport';

/**
 * The renderer's one door to the workstation. Stores call it; components never do.
 * Outputs and events are validated against the contract, and error envelopes come back as
 * CausalPrintError carrying the exact user-facing message.
 */
export class ApiClient {
  constructor(private readonly transport: Transport) {}

  /** 'desktop' inside Electron, 'server' in a browser talking to `causalprint serve`. */
  get kind(): Transport['kind'] {
    return this.transport.kind;
  }

  get canUpload(): boolean {
    return this.transport.uploadFile !== undefined;
  }

  async invoke<C extends InvokeChannel>(channel: C, input: InvokeInput<C>): Promise<InvokeOutput<C>> {
    let envelope;
    try {
      envelope = await this.transport.invoke(channel, input);
    } catch (error) {
      throw asCausalPrintError(error);
    }
    if (!envelope.ok) throw deserializeError(envelope.error);
    const parsed = invokeContract[channel].output.safeParse(envelope.value);
    if (!parsed.success) {
      throw new CausalPrintError('INTERNAL', `The workstation sent an unexpected answer to ${channel}; please report this.`, parsed.error.issues);
    }
    return parsed.data as InvokeOutput<C>;
  }

  /** Subscribes to a validated event; malformed payloads are dropped. Returns the unsubscribe function. */
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.transport.on(channel, (payload) => {
      const parsed = eventContract[channel].safeParse(payload);
      if (parsed.success) listener(parsed.data as EventPayload<E>);
    });
  }

  evidenceUrl(evidenceId: string, asset: EvidenceAsset): string {
    return this.transport.evidenceUrl(evidenceId, asset);
  }

  /**
   * Server mode: reserves an upload area, sends every file's bytes, and returns its id for
   * `evidence:importUpload`. `onSent` reports how many files have been sent so far.
   */
  async uploadFiles(files: readonly UploadFile[], onSent?: (sent: number) => void): Promise<string> {
    const uploadFile = this.transport.uploadFile;
    if (!uploadFile) throw new CausalPrintError('UNSUPPORTED', 'Uploading files is only possible in server mode.');
    const { uploadId } = await this.invoke('uploads:create', { fileCount: files.length });
    for (const [index, upload] of files.entries()) {
      try {
        await uploadFile.call(this.transport, uploadId, index, upload);
      } catch (error) {
        throw asCausalPrintError(error);
      }
      onSent?.(index + 1);
    }
    return uploadId;
  }
}

function asCausalPrintError(error: unknown): CausalPrintError {
  if (error instanceof CausalPrintError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CausalPrintError('IO', `The workstation could not be reached: ${message}`, undefined, { cause: error });
}

let client: ApiClient | null = null;

/** The shared client: the preload bridge when present (Electron), else the local server over HTTP. */
export function useApi(): ApiClient {
  client ??= new ApiClient(window.api ? createIpcTransport(window.api) : createHttpTransport());
  return client;
}

/** Tests and stories can hand in their own transport. */
export function setApiTransport(transport: Transport): void {
  client = new ApiClient(transport);
}
