-- AlterTable
ALTER TABLE "Credential" ADD COLUMN     "refreshLockedUntil" TIMESTAMP(3);
