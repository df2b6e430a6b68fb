import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { BandspaceError, HTTP_STATUS, MAX_JSON_BODY_BYTES, type ErrorPayload } from "@bandspace/protocol";

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: ErrorPayload): void {
  sendJson(res, HTTP_STATUS[error.code], { error });
}

/** Reads a JSON body of at most MAX_JSON_BODY_BYTES and validates it with `schema`. */
export async function readJsonBody<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const type = req.headers["content-type"] ?? "";
  if (!type.startsWith("application/json")) {
    throw new BandspaceError("BAD_REQUEST", "Send the request body as JSON (content-type: application/json).");
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BODY_BYTES) {
      throw new BandspaceError("PAYLOAD_TOO_LARGE", `Request bodies are at most ${MAX_JSON_BODY_BYTES} bytes.`);
    }
    chunks.push(chunk);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new BandspaceError("BAD_REQUEST", "The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new BandspaceError("BAD_REQUEST", parsed.error.issues.map((i) => i.message).join(" "));
  }
  return parsed.data;
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  return m?.[1];
}
