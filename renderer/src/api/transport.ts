import type { Envelope, EventChannel, InvokeChannel } from '@contract/contract';

/** Which asset of an evidence item an image URL points at. */
export type EvidenceAsset = 'thumbnail' | 'original';

/** One file picked in the browser, with the relative name the server should record (folder path included). */
export interface UploadFile {
  file: File;
  name: string;
}

/**
 * What the client needs from the outside world. Two implementations: the Electron preload
 * bridge and the local server's HTTP/SSE protocol. Payloads are untrusted here; the client
 * validates them against the contract.
 */
export interface Transport {
  readonly kind: 'desktop' | 'server';
  invoke(channel: InvokeChannel, input: unknown): Promise<Envelope<unknown>>;
  on(channel: EventChannel, listener: (payload: unknown) => void): () => void;
  evidenceUrl(evidenceId: string, asset: EvidenceAsset): string;
  /** Server mode only: sends the bytes of each file into an upload area. */
  uploadFile?(uploadId: string, index: number, upload: UploadFile): Promise<void>;
}
