-- CreateTable
CREATE TABLE "members" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "linkId" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" TEXT,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "members_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "sessions" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "members_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "share_links" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "versions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "songState" BLOB NOT NULL,
    "commentsState" BLOB NOT NULL,
    CONSTRAINT "versions_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "sessions" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "version_takes" (
    "versionId" TEXT NOT NULL,
    "takeId" TEXT NOT NULL,

    PRIMARY KEY ("versionId", "takeId"),
    CONSTRAINT "version_takes_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "versions" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "members_linkId_idx" ON "members"("linkId");

-- CreateIndex
CREATE UNIQUE INDEX "members_sessionId_secretHash_key" ON "members"("sessionId", "secretHash");

-- CreateIndex
CREATE INDEX "versions_sessionId_createdAt_idx" ON "versions"("sessionId", "createdAt");

-- CreateIndex
CREATE INDEX "version_takes_takeId_idx" ON "version_takes"("takeId");
