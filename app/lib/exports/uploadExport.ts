import {
  EXPORT_META_HEADER,
  ErrorBody,
  MEMBER_SECRET_HEADER,
  SavedExportView,
  type SaveExportMeta,
} from "@bandspace/protocol";
import { ApiError } from "../api";
import { getMemberSecret } from "../storage";

export interface UploadProgress {
  sent: number;
  total: number;
}

/** base64url of UTF-8 JSON: any export name survives an HTTP header. */
function metaHeader(meta: SaveExportMeta): string {
  const utf8 = new TextEncoder().encode(JSON.stringify(meta));
  let binary = "";
  for (const b of utf8) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Saves an export to the session: the file is the request body (the browser streams it from disk), its details
 * in a header. XMLHttpRequest rather than fetch because only it reports upload progress. Resolves with the
 * saved export; rejects with an ApiError (the server's refusal) or an AbortError when `signal` aborts.
 */
export function uploadExport(
  sessionId: string,
  token: string,
  file: Blob,
  meta: SaveExportMeta,
  opts: { onProgress?: (p: UploadProgress) => void; signal?: AbortSignal } = {},
): Promise<SavedExportView> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/sessions/${encodeURIComponent(sessionId)}/exports`);
    xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.setRequestHeader(MEMBER_SECRET_HEADER, getMemberSecret());
    xhr.setRequestHeader(EXPORT_META_HEADER, metaHeader(meta));
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) =>
      opts.onProgress?.({ sent: e.loaded, total: e.lengthComputable ? e.total : file.size });
    const onAbort = () => xhr.abort();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => opts.signal?.removeEventListener("abort", onAbort);
    xhr.onabort = () => {
      done();
      reject(new DOMException("The upload was cancelled.", "AbortError"));
    };
    xhr.onerror = () => {
      done();
      reject(new ApiError("NETWORK", "Can't reach the Bandspace server. Check your connection and try again.", 0));
    };
    xhr.onload = () => {
      done();
      let json: unknown = null;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        json = null;
      }
      if (xhr.status === 201) {
        const ok = SavedExportView.safeParse(json);
        if (ok.success) return resolve(ok.data);
      }
      const err = ErrorBody.safeParse(json);
      reject(
        err.success
          ? new ApiError(err.data.error.code, err.data.error.message, xhr.status)
          : new ApiError("BAD_RESPONSE", `The server answered ${xhr.status}.`, xhr.status),
      );
    };
    if (opts.signal?.aborted) {
      reject(new DOMException("The upload was cancelled.", "AbortError"));
      return;
    }
    xhr.send(file);
  });
}
