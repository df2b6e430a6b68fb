-- CreateTable
CREATE TABLE "takes" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "takeId" TEXT NOT NULL,
    "trackId" TEXT NOT NULL,
    "createdByLinkId" TEXT NOT NULL,
    "createdByName" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sampleRate" INTEGER NOT NULL,
    "channels" INTEGER NOT NULL,
    "startTick" INTEGER NOT NULL,
    "latencyMs" REAL NOT NULL,
    "passIndex" INTEGER NOT NULL DEFAULT 0,
    "lane" INTEGER,
    "state" TEXT NOT NULL,
    "frames" INTEGER NOT NULL DEFAULT 0,
    "chunkCount" INTEGER NOT NULL DEFAULT 0,
    "sha256" TEXT,
    "storeKind" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "endedAt" DATETIME,
    CONSTRAINT "takes_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "sessions" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "takes_sessionId_createdAt_idx" ON "takes"("sessionId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "takes_sessionId_takeId_key" ON "takes"("sessionId", "takeId");
