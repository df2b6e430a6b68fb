-- CreateTable
CREATE TABLE "saved_exports" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "createdByMember" TEXT,
    "createdByLinkId" TEXT NOT NULL,
    "createdByName" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "durationSeconds" DOUBLE PRECISION NOT NULL,
    "sampleRate" INTEGER NOT NULL,
    "channels" INTEGER NOT NULL,
    "report" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "storeKind" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "saved_exports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "saved_exports_sessionId_createdAt_idx" ON "saved_exports"("sessionId", "createdAt");

-- CreateIndex
CREATE INDEX "saved_exports_versionId_idx" ON "saved_exports"("versionId");

-- AddForeignKey
ALTER TABLE "saved_exports" ADD CONSTRAINT "saved_exports_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "saved_exports" ADD CONSTRAINT "saved_exports_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
