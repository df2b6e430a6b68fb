import type { S3ClientConfig } from "@aws-sdk/client-s3";
import type { S3Config } from "../config";

/*
 * One S3 client configuration for takes, exports and the readiness probe (issue #21). The SDK's defaults wait
 * forever: no connection timeout and no socket timeout, so a storage server that stops answering (paused,
 * partitioned, overloaded) left a chunk's PUT — and the recorder's acknowledgement — hanging for good.
 */

/** Longest wait for a TCP connection to the storage server. */
export const S3_CONNECT_TIMEOUT_MS = 2000;
/**
 * Longest silence on an open request (nothing sent or received): an idle timeout rather than a total one, so a
 * large multipart part on a slow link still goes through while a server that stopped answering is given up on.
 */
export const S3_IDLE_TIMEOUT_MS = 5000;
/** Attempts per request (the SDK's standard retry mode: exponential back-off with jitter, throttling aware). */
export const S3_MAX_ATTEMPTS = 3;

export function s3ClientConfig(config: S3Config, overrides: Partial<S3ClientConfig> = {}): S3ClientConfig {
  return {
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials:
      config.accessKeyId && config.secretAccessKey
        ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
        : undefined,
    // Newer SDKs add CRC checksums (and aws-chunked bodies) to every upload by default; S3-compatible servers do
    // not all understand them. Our journal records carry their own CRC32.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: S3_MAX_ATTEMPTS,
    retryMode: "standard",
    requestHandler: { connectionTimeout: S3_CONNECT_TIMEOUT_MS, socketTimeout: S3_IDLE_TIMEOUT_MS },
    ...overrides,
  };
}

/** The storage server did not answer in time (or at all): what a recorder and the logs are told. */
export class StorageUnavailableError extends Error {
  constructor(operation: string, cause: unknown) {
    super(`take storage did not answer (${operation}): ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = "StorageUnavailableError";
  }
}
