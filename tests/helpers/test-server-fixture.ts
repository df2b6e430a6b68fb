import { afterAll, beforeAll } from "vitest";
import type { CreatedSession, ShareRole } from "@bandspace/protocol";
import type { ServerTuning } from "../../server/app";
import { testDatabase, type TestDatabase } from "./database";
import { createLink, createSession, joinAsMember, startTestServer, type TestServer } from "./server";
import { connectYClient, type TestYClient } from "./yjs-client";

export interface Person {
  token: string;
  secret: string;
  memberId: string;
  name: string;
}

export interface TestServerFixture {
  readonly server: TestServer;
  readonly database: TestDatabase;
  /** A Yjs client destroyed after the file's tests. */
  client: (opts: Omit<Parameters<typeof connectYClient>[0], "baseUrl">) => TestYClient;
  /** A new session and, per role asked for, a share link. */
  session: () => Promise<CreatedSession>;
  /** A person who joined `session` through a new link of `role` ("owner": the owner link) with `name`. */
  person: (session: CreatedSession, role: ShareRole | "owner", name: string) => Promise<Person>;
}

/**
 * The setup every server integration file repeats: one real server on a free port with its own database
 * for the file (SQLite, or PostgreSQL when DATABASE_URL says so), clients cleaned up after it.
 */
export function useTestServer(tuning: ServerTuning = {}): TestServerFixture {
  let server: TestServer | null = null;
  let database: TestDatabase | null = null;
  const clients: TestYClient[] = [];
  beforeAll(async () => {
    database = await testDatabase();
    server = await startTestServer(tuning, database);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
    await database?.cleanup();
  });
  const fixture: TestServerFixture = {
    get server() {
      if (!server) throw new Error("useTestServer: the server starts in beforeAll");
      return server;
    },
    get database() {
      if (!database) throw new Error("useTestServer: the database opens in beforeAll");
      return database;
    },
    client(opts) {
      const c = connectYClient({ baseUrl: fixture.server.url, ...opts });
      clients.push(c);
      return c;
    },
    session: () => createSession(fixture.server.url),
    async person(session, role, name) {
      const token = role === "owner" ? session.ownerToken : (await createLink(fixture.server.url, session, role)).token;
      const joined = await joinAsMember(fixture.server.url, session.sessionId, token, name);
      return { token, ...joined };
    },
  };
  return fixture;
}
