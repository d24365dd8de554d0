// Prisma's unique-constraint error (P2002). Two generated clients (SQLite, PostgreSQL) mean two error
// classes, so it is recognized by name and code (as lib/http/error-response.ts does).
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && error.name === "PrismaClientKnownRequestError" && (error as { code?: string }).code === "P2002";
}
