-- AlterTable
ALTER TABLE "Credential" ADD COLUMN "refreshLockedUntil" DATETIME;
