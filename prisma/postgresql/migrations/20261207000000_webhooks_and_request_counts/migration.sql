-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "lastWebhookAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "WebhookInstallation" (
    "clientId" TEXT NOT NULL,
    "secretKeyEnc" TEXT NOT NULL,
    "url" TEXT,
    "state" TEXT NOT NULL DEFAULT 'not_registered',
    "lastError" TEXT,
    "webhooks" TEXT NOT NULL DEFAULT '[]',
    "registeredAt" TIMESTAMP(3),
    "registeredByUserId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookInstallation_pkey" PRIMARY KEY ("clientId")
);

-- CreateTable
CREATE TABLE "WebhookInbox" (
    "id" TEXT NOT NULL,
    "deliveryKey" TEXT NOT NULL,
    "orgId" TEXT,
    "livechatOrganizationId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "webhookId" TEXT,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "WebhookInbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LiveChatRequestCount" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LiveChatRequestCount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LiveChatNotice" (
    "id" TEXT NOT NULL,
    "header" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LiveChatNotice_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "WebhookInbox" ADD CONSTRAINT "WebhookInbox_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveChatRequestCount" ADD CONSTRAINT "LiveChatRequestCount_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
