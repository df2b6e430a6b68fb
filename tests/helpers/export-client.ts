import { createHash } from "node:crypto";
import { encodeWav } from "@bandspace/dsp";
import {
  EXPORT_META_HEADER,
  MEMBER_SECRET_HEADER,
  type ErrorBody,
  type SaveExportMeta,
  type SavedExportView,
} from "@bandspace/protocol";
import { musicSignal } from "./music-signal";

/** A real 16-bit stereo WAV of music-like audio (what an export would be), with metadata describing it. */
export function wavExport(seconds: number, name = "Mix A"): { bytes: Buffer; meta: SaveExportMeta } {
  const sampleRate = 48000;
  const planar = musicSignal({ seconds, sampleRate, seed: 7, gainDb: -6 });
  const bytes = Buffer.from(encodeWav({ sampleRate, channels: planar.length, format: "pcm16", seed: 1 }, planar));
  return {
    bytes,
    meta: {
      name,
      format: "wav",
      durationSeconds: seconds,
      sampleRate,
      channels: planar.length,
      report: { integrated: -14.02, lra: 4.1, truePeakDbtp: -1.05, samplePeakDbfs: -1.3, durationSeconds: seconds },
    },
  };
}

export const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

export interface Uploader {
  token: string;
  secret?: string;
}

/** POST …/exports as the Save to session button does (body streamed, metadata base64url JSON in a header). */
export async function uploadExport(
  baseUrl: string,
  sessionId: string,
  who: Uploader,
  meta: unknown,
  body: Uint8Array | ReadableStream<Uint8Array>,
): Promise<{ status: number; view?: SavedExportView; error?: ErrorBody["error"] }> {
  const res = await fetch(`${baseUrl}/api/sessions/${sessionId}/exports`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${who.token}`,
      ...(who.secret ? { [MEMBER_SECRET_HEADER]: who.secret } : {}),
      [EXPORT_META_HEADER]: Buffer.from(JSON.stringify(meta)).toString("base64url"),
      "content-type": "application/octet-stream",
    },
    body,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  const json = (await res.json()) as SavedExportView | ErrorBody;
  return res.ok
    ? { status: res.status, view: json as SavedExportView }
    : { status: res.status, error: (json as ErrorBody).error };
}
