import { MAX_UPLOAD_BYTES, UPLOAD_CHUNK_BYTES } from '../../../../shared/contract/import-channels';
import { client } from '../../transport';

/**
 * Sends a file the person chose to the core, 1 MiB at a time, each chunk at the offset the core has
 * reached (a chunk is never doubled). Works the same in Electron and in a browser tab: the core gets
 * bytes, never a path. Stops between chunks when `signal` aborts (the partial upload is discarded).
 */
export async function uploadFile(file: File, onProgress: (sent: number) => void, signal?: AbortSignal): Promise<string> {
  if (file.size > MAX_UPLOAD_BYTES) {
    throw new Error(`This file is ${Math.round(file.size / 1024 ** 3)} GB; the import screen takes files up to ${MAX_UPLOAD_BYTES / 1024 ** 3} GB. Use \`watchdog import\` for larger ones.`);
  }
  let uploadId: string | null = null;
  let offset = 0;
  do {
    if (signal?.aborted) {
      if (uploadId) await client.call('imports.discard', { uploadId }).catch(() => undefined);
      throw new DOMException('The upload was stopped.', 'AbortError');
    }
    const chunk = new Uint8Array(await file.slice(offset, offset + UPLOAD_CHUNK_BYTES).arrayBuffer());
    const answer: { uploadId: string; bytes: number } = await client.call('imports.upload', { uploadId, fileName: file.name, offset, data: toBase64(chunk) });
    uploadId = answer.uploadId;
    offset = answer.bytes;
    onProgress(offset);
  } while (offset < file.size);
  return uploadId;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
