/**
 * Reads a multipart/byteranges response (RFC 9110 §14.6) into its parts: each part's Content-Range and bytes.
 * Binary-safe: latin1 maps every byte to one character and back.
 */
export async function readByteranges(res: Response): Promise<Array<{ contentRange: string; bytes: Buffer }>> {
  const boundary = /^multipart\/byteranges; boundary=(\S+)$/.exec(res.headers.get("content-type") ?? "")?.[1];
  if (!boundary) throw new Error(`not multipart/byteranges: ${res.headers.get("content-type")}`);
  const raw = Buffer.from(await res.arrayBuffer());
  if (res.headers.get("content-length") !== String(raw.length)) throw new Error("content-length does not match");
  const text = raw.toString("latin1");
  const close = `\r\n--${boundary}--\r\n`;
  if (!text.endsWith(close)) throw new Error("no closing delimiter");
  return text
    .slice(0, -close.length)
    .split(new RegExp(`(?:^|\\r\\n)--${boundary}\\r\\n`))
    .filter(Boolean)
    .map((part) => {
      const split = part.indexOf("\r\n\r\n");
      const contentRange = /^content-range: (.+)$/im.exec(part.slice(0, split))?.[1] ?? "";
      return { contentRange, bytes: Buffer.from(part.slice(split + 4), "latin1") };
    });
}
