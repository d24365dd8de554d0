// SQLite refuses statements with more than 999 bound parameters (Prisma error P2029), so lists of
// ids go to the database in slices.
export const MAX_IDS_PER_QUERY = 500;

export function slices<T>(items: readonly T[], size = MAX_IDS_PER_QUERY): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
