import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { Readable } from "node:stream";
import type { S3Config } from "../config";
import { s3ClientConfig, StorageUnavailableError } from "./s3-client";

/**
 * The few object operations the S3 take store needs, over any S3-compatible server (AWS, MinIO, s3rver…).
 * Keys are built by the callers from validated ids only; this layer adds the bucket and nothing else.
 */
export class S3Objects {
  readonly client: S3Client;
  readonly bucket: string;

  constructor(config: S3Config) {
    this.bucket = config.bucket;
    // Connection and idle timeouts and bounded retries (./s3-client.ts): a storage server that stops answering
    // fails requests instead of hanging them.
    this.client = new S3Client(s3ClientConfig(config));
  }

  /**
   * Resolves once S3 has stored the whole object (a PUT is atomic: all of it or nothing). With `deadlineMs`, the
   * PUT and its retries are abandoned after that long (StorageUnavailableError): someone waits for the answer.
   */
  async put(
    key: string,
    body: Uint8Array,
    contentType = "application/octet-stream",
    deadlineMs?: number,
  ): Promise<void> {
    const command = new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType });
    if (deadlineMs === undefined) {
      await this.client.send(command);
      return;
    }
    try {
      await this.client.send(command, { abortSignal: AbortSignal.timeout(deadlineMs) });
    } catch (e) {
      if (e instanceof S3ServiceException && !isTimeoutLike(e)) throw e;
      throw new StorageUnavailableError(`PUT within ${deadlineMs} ms`, e);
    }
  }

  /**
   * Streams a body of unknown length: multipart (8 MiB parts, 4 in flight) when it is long, one PUT when short.
   * The object appears only when the upload completes; a failed one is aborted (no parts left behind).
   */
  async upload(key: string, body: AsyncIterable<Uint8Array>, contentType: string): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: Readable.from(body), ContentType: contentType },
      partSize: 8 * 1024 * 1024,
      queueSize: 4,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  /** The whole object, or null when it does not exist. */
  async get(key: string): Promise<Buffer | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return Buffer.from(await out.Body!.transformToByteArray());
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  /** Bytes [start, end] inclusive, streamed (GetObject with Range). */
  async *getRange(key: string, start: number, end: number): AsyncGenerator<Uint8Array> {
    const out = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=${start}-${end}` }),
    );
    for await (const piece of out.Body as Readable) yield piece as Uint8Array;
  }

  /** The object's size, or null when it does not exist. */
  async size(key: string): Promise<number | null> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.ContentLength ?? 0;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  /** Every key under `prefix`, in S3's (lexicographic) order. */
  async list(prefix: string): Promise<Array<{ key: string; size: number }>> {
    const out: Array<{ key: string; size: number }> = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) if (o.Key) out.push({ key: o.Key, size: o.Size ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async deleteMany(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    await this.deleteMany((await this.list(prefix)).map((o) => o.key));
  }

  close(): void {
    this.client.destroy();
  }
}

/** A service error that still means "no usable answer" (a gateway timeout, the server is unavailable). */
function isTimeoutLike(e: S3ServiceException): boolean {
  const status = e.$metadata?.httpStatusCode ?? 0;
  return status === 503 || status === 504;
}

function isNotFound(e: unknown): boolean {
  if (e instanceof S3ServiceException)
    return e.name === "NoSuchKey" || e.name === "NotFound" || e.$metadata?.httpStatusCode === 404;
  return false;
}
