import { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { S3Config } from "../config";
import { s3ClientConfig as takeS3ClientConfig } from "../takes/s3-client";
import { checkExportKey, type ExportKey, type ExportStore } from "./export-store";

/** Multipart part size: lib-storage buffers at most `queueSize` parts of this size, so memory stays bounded. */
const PART_BYTES = 8 * 1024 * 1024;

/**
 * ExportStore on an S3-compatible bucket: object `exports/<sessionId>/<exportId>`. A put streams the body through
 * lib-storage's Upload (one PutObject for a small file, a multipart upload for a large one); S3 makes an object
 * visible only when its upload completes, and a failed multipart upload is aborted, so nothing partial is left.
 */
export class S3ExportStore implements ExportStore {
  readonly kind = "s3";
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(config: S3Config, client?: S3Client) {
    this.bucket = config.bucket;
    this.client = client ?? new S3Client(s3ClientConfig(config));
  }

  /** The only place an object name is built; both parts must be server-generated ids. */
  private objectKey(key: ExportKey): string {
    checkExportKey(key);
    return `exports/${key.sessionId}/${key.exportId}`;
  }

  async put(key: ExportKey, body: AsyncIterable<Uint8Array>): Promise<{ bytes: number }> {
    const Key = this.objectKey(key);
    let bytes = 0;
    const counted = Readable.from(
      (async function* () {
        for await (const chunk of body) {
          bytes += chunk.length;
          yield chunk;
        }
      })(),
      { objectMode: false },
    );
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key, Body: counted, ContentType: "application/octet-stream" },
      partSize: PART_BYTES,
      queueSize: 2,
      leavePartsOnError: false,
    });
    await upload.done();
    return { bytes };
  }

  async size(key: ExportKey): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return head.ContentLength ?? null;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  read(key: ExportKey, start: number, end: number): AsyncIterable<Uint8Array> {
    const { client, bucket } = this;
    const Key = this.objectKey(key);
    return (async function* () {
      const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key, Range: `bytes=${start}-${end}` }));
      if (!got.Body) return;
      yield* got.Body as Readable;
    })();
  }

  async delete(key: ExportKey): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  destroy(): void {
    this.client.destroy();
  }
}

/** The take store's client settings (checksums S3-compatible servers understand; timeouts and bounded retries). */
export function s3ClientConfig(config: S3Config): S3ClientConfig {
  return takeS3ClientConfig(config);
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NotFound" || e?.name === "NoSuchKey" || e?.$metadata?.httpStatusCode === 404;
}
