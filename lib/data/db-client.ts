// The part of the Prisma client data functions use, so they run the same inside a transaction.
import type { Db } from "../db";

export type DbClient = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
