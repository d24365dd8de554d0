-- AlterTable
ALTER TABLE "Organization" ADD COLUMN "lastWebhookAt" DATETIME;

-- CreateTable
CREATE TABLE "WebhookInstallation" (
    "clientId" TEXT NOT NULL PRIMARY KEY,
    "secretKeyEnc" TEXT NOT NULL,
    "url" TEXT,
    "state" TEXT NOT NULL DEFAULT 'not_registered',
    "lastError" TEXT,
    "webhooks" TEXT NOT NULL DEFAULT '[]',
    "registeredAt" DATETIME,
    "registeredByUserId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "WebhookInbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deliveryKey" TEXT NOT NULL,
    "orgId" TEXT,
    "livechatOrganizationId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "webhookId" TEXT,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" DATETIME,
    CONSTRAINT "WebhookInbox_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LiveChatRequestCount" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "LiveChatRequestCount_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LiveChatNotice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "header" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "WebhookInbox_deliveryKey_key" ON "WebhookInbox"("deliveryKey");

-- CreateIndex
CREATE INDEX "WebhookInbox_orgId_status_receivedAt_idx" ON "WebhookInbox"("orgId", "status", "receivedAt");

-- CreateIndex
CREATE INDEX "WebhookInbox_status_receivedAt_idx" ON "WebhookInbox"("status", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "LiveChatRequestCount_orgId_day_action_key" ON "LiveChatRequestCount"("orgId", "day", "action");

-- CreateIndex
CREATE UNIQUE INDEX "LiveChatNotice_header_value_key" ON "LiveChatNotice"("header", "value");
