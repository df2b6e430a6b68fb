import type { Hash } from "node:crypto";
import { BandspaceError, SNIFF_BYTES, sniffExportFormat, type SavedExportFormat } from "@bandspace/protocol";

/**
 * Passes an upload's bytes on to the store while checking them: at most `maxBytes` (counted, whatever
 * Content-Length said), and the first bytes must be the container of the `claimed` format (magic numbers, see
 * sniffExportFormat). A refusal is thrown from inside the stream, so the store's put fails and keeps nothing.
 */
export async function* checkedUpload(
  body: AsyncIterable<Uint8Array>,
  claimed: SavedExportFormat,
  maxBytes: number,
  hash: Hash,
): AsyncIterable<Uint8Array> {
  let head: Buffer | null = Buffer.alloc(0);
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > maxBytes) {
      throw new BandspaceError("PAYLOAD_TOO_LARGE", `Saved exports are at most ${formatMiB(maxBytes)}.`);
    }
    hash.update(chunk);
    if (head === null) {
      yield chunk;
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (head.length < SNIFF_BYTES) continue;
    checkFormat(head, claimed);
    yield head;
    head = null;
  }
  if (head !== null) {
    if (head.length === 0) throw new BandspaceError("BAD_REQUEST", "The upload is empty.");
    checkFormat(head, claimed);
    yield head;
  }
}

function checkFormat(head: Uint8Array, claimed: SavedExportFormat): void {
  const found = sniffExportFormat(head);
  if (found !== claimed) {
    throw new BandspaceError(
      "EXPORT_BAD_FORMAT",
      found
        ? `The file is ${found.toUpperCase()}, not ${claimed.toUpperCase()} as its details say.`
        : `The file is not ${claimed.toUpperCase()} audio (or any format a session keeps: WAV, FLAC, MP3, Opus).`,
    );
  }
}

const formatMiB = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MiB`;
