import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { Redis } from "ioredis";
import type { S3Config } from "../config";
import type { Database } from "../db/types";
import { s3ClientConfig } from "../takes/s3-client";

/** One dependency a node needs to serve: readiness asks each one a trivial question. */
export interface Probe {
  /** "database", "redis" or "storage": the name /readyz reports. */
  name: string;
  /** Resolves when the dependency answered; rejects with what went wrong. */
  check: (signal: AbortSignal) => Promise<void>;
  close?: () => Promise<void>;
}

/** The database answers a trivial query (SELECT 1) on a pooled connection. */
export function databaseProbe(db: Pick<Database, "ping">): Probe {
  return { name: "database", check: () => db.ping() };
}

/**
 * Redis answers PING on a connection of the probe's own (so a busy pub/sub connection is not what is measured).
 * The offline queue is off: while Redis is unreachable a PING fails at once instead of waiting for a reconnect.
 */
export function redisProbe(url: string): Probe {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  // Connection errors are reported by the probe; without a listener ioredis would print each retry.
  redis.on("error", () => {});
  return {
    name: "redis",
    check: async (signal) => {
      await abortable(redis.ping(), signal);
    },
    close: async () => {
      redis.disconnect();
      await Promise.resolve();
    },
  };
}

/** The take bucket exists and these credentials may use it (HeadBucket). */
export function storageProbe(s3: S3Config): Probe {
  // One attempt: the probe's own time bound decides, and a retry would only hide a storage server that hangs.
  const client = new S3Client(s3ClientConfig(s3, { maxAttempts: 1 }));
  return {
    name: "storage",
    check: async (signal) => {
      try {
        await client.send(new HeadBucketCommand({ Bucket: s3.bucket }), { abortSignal: signal });
      } catch (e) {
        const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        // HeadBucket has no body, so the SDK's error carries only the status: say what it means.
        if (status === 404) throw new Error(`bucket "${s3.bucket}" does not exist`);
        if (status === 403) throw new Error(`no access to bucket "${s3.bucket}" with these credentials`);
        throw e;
      }
    },
    close: async () => {
      client.destroy();
      await Promise.resolve();
    },
  };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error("no answer in time"));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
