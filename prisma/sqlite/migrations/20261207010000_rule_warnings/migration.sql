-- AlterTable
ALTER TABLE "Bot" ADD COLUMN "ruleWarnings" TEXT NOT NULL DEFAULT '{}';
