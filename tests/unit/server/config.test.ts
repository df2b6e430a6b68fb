import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, configFromEnv, type Env } from "../../../server/config";

/** The problems configFromEnv reports for `env`, or [] when it starts. */
function problemsOf(env: Env): string[] {
  try {
    configFromEnv(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

const PG = "postgresql://root@127.0.0.1:5432/bandspace";
const S3_OK = { BANDSPACE_TAKE_STORE: "s3", S3_BUCKET: "bandspace-takes", S3_ENDPOINT: "http://127.0.0.1:4569" };

describe("configFromEnv", () => {
  it("nothing set: the embedded default (SQLite under ./data, local take files, one process)", () => {
    const c = configFromEnv({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe("0.0.0.0");
    expect(c.dataDir).toBe(path.resolve("data"));
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.takeStore).toBeUndefined();
    expect(c.s3).toBeUndefined();
    expect(c.withNext).toBe(true);
    expect(c.takeSync).toBe("fsync");
    expect(c.shutdownGraceMs).toBe(25_000);
    expect(c.warnings).toEqual([]);
  });

  it("a full scale-out node: PostgreSQL, Redis, S3 with credentials", () => {
    const c = configFromEnv({
      DATABASE_URL: PG,
      REDIS_URL: "redis://127.0.0.1:6379/3",
      BANDSPACE_NODE_ID: "node-a",
      ...S3_OK,
      S3_REGION: "eu-west-1",
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
      S3_FORCE_PATH_STYLE: "1",
      BANDSPACE_SHUTDOWN_GRACE_SECONDS: "10",
    });
    expect(c.redisUrl).toBe("redis://127.0.0.1:6379/3");
    expect(c.nodeId).toBe("node-a");
    expect(c.takeStore).toBe("s3");
    expect(c.s3).toEqual({
      endpoint: "http://127.0.0.1:4569",
      bucket: "bandspace-takes",
      region: "eu-west-1",
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      forcePathStyle: true,
    });
    expect(c.shutdownGraceMs).toBe(10_000);
    expect(c.warnings).toEqual([]);
  });

  it("REDIS_URL with a SQLite database is refused: several nodes need PostgreSQL", () => {
    for (const env of [
      { REDIS_URL: "redis://127.0.0.1:6379" },
      { REDIS_URL: "redis://h:1", DATABASE_URL: "file:x.db" },
    ]) {
      const problems = problemsOf(env);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/REDIS_URL/);
      expect(problems[0]).toMatch(/PostgreSQL/);
    }
  });

  it("bad URL schemes name their variable", () => {
    expect(problemsOf({ DATABASE_URL: "mysql://root@127.0.0.1/db" })[0]).toMatch(/^DATABASE_URL must be/);
    expect(problemsOf({ DATABASE_URL: PG, REDIS_URL: "http://127.0.0.1:6379" })[0]).toMatch(
      /^REDIS_URL must start with redis:\/\/ or rediss:\/\//,
    );
    expect(problemsOf({ DATABASE_URL: PG, REDIS_URL: "not a url" })[0]).toMatch(/^REDIS_URL is not a URL/);
    expect(problemsOf({ ...S3_OK, S3_ENDPOINT: "ftp://127.0.0.1:4569" })[0]).toMatch(/^S3_ENDPOINT must start with/);
  });

  it("a password in a URL never appears in the message", () => {
    const [p] = problemsOf({ DATABASE_URL: "mysql://admin:hunter2@db/x" });
    expect(p).not.toContain("hunter2");
    const [q] = problemsOf({ DATABASE_URL: PG, REDIS_URL: "http://:hunter2@127.0.0.1:6379" });
    expect(q).not.toContain("hunter2");
  });

  it("BANDSPACE_TAKE_STORE=s3 without S3_BUCKET, and unknown stores", () => {
    expect(problemsOf({ BANDSPACE_TAKE_STORE: "s3" })).toEqual([
      "BANDSPACE_TAKE_STORE=s3 needs S3_BUCKET (the bucket that holds take audio)",
    ]);
    expect(problemsOf({ BANDSPACE_TAKE_STORE: "gcs" })[0]).toMatch(/^BANDSPACE_TAKE_STORE must be "local" or "s3"/);
    expect(problemsOf({ ...S3_OK, S3_BUCKET: "Bad_Bucket" })[0]).toMatch(/^S3_BUCKET must be a bucket name/);
  });

  it("S3 credentials half given name the missing one", () => {
    const [a] = problemsOf({ ...S3_OK, S3_ACCESS_KEY_ID: "AK" });
    expect(a).toMatch(/half given/);
    expect(a).toMatch(/S3_SECRET_ACCESS_KEY is missing/);
    const [b] = problemsOf({ ...S3_OK, S3_SECRET_ACCESS_KEY: "SK" });
    expect(b).toMatch(/S3_ACCESS_KEY_ID is missing/);
    expect(b).not.toContain("SK");
    // Reported even when the bucket is missing too: every problem at once.
    expect(problemsOf({ BANDSPACE_TAKE_STORE: "s3", S3_ACCESS_KEY_ID: "AK" })).toHaveLength(2);
  });

  it("S3 settings without a bucket are a mistake, not silently ignored", () => {
    expect(problemsOf({ S3_ENDPOINT: "http://127.0.0.1:4569" })).toEqual(["S3_ENDPOINT is set but S3_BUCKET is not"]);
  });

  it("numbers, flags and names out of range", () => {
    expect(problemsOf({ PORT: "70000" })[0]).toMatch(/^PORT must be an integer between 0 and 65535/);
    expect(problemsOf({ BANDSPACE_NO_NEXT: "yes" })[0]).toMatch(/^BANDSPACE_NO_NEXT must be "1" or "0"/);
    expect(problemsOf({ BANDSPACE_NODE_ID: "node a/1" })[0]).toMatch(/^BANDSPACE_NODE_ID must be/);
    expect(problemsOf({ BANDSPACE_REDIS_PREFIX: "a b" })[0]).toMatch(/^BANDSPACE_REDIS_PREFIX must be/);
    expect(configFromEnv({ BANDSPACE_REDIS_PREFIX: "bandspace-eu" }).redisPrefix).toBe("bandspace-eu");
    expect(problemsOf({ BANDSPACE_SHUTDOWN_GRACE_SECONDS: "0" })[0]).toMatch(/^BANDSPACE_SHUTDOWN_GRACE_SECONDS/);
    expect(problemsOf({ S3_FORCE_PATH_STYLE: "maybe", ...S3_OK })[0]).toMatch(/^S3_FORCE_PATH_STYLE/);
  });

  it("every problem is reported at once, one line each", () => {
    const problems = problemsOf({ PORT: "x", REDIS_URL: "redis://h:1", BANDSPACE_TAKE_STORE: "s3" });
    expect(problems).toHaveLength(3);
    expect(new ConfigError(problems).message.split("\n")).toHaveLength(4);
  });

  it("several nodes with local take files start, with a warning about sharing the data directory", () => {
    const c = configFromEnv({ DATABASE_URL: PG, REDIS_URL: "redis://127.0.0.1:6379" });
    expect(c.warnings).toHaveLength(1);
    expect(c.warnings?.[0]).toMatch(/BANDSPACE_TAKE_STORE=s3/);
  });
});
