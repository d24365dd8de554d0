// Who is asking, as far as the network tells: the key of the sign-in rate limits.
/**
 * The client's address as the nearest proxy saw it: the last `X-Forwarded-For` entry (a proxy
 * appends the address it was connected from; Vercel replaces the header altogether). Without a proxy,
 * Next.js fills the header with the socket's address, unless the client sent one.
 */
export function clientIp(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((part) => part.trim()).filter(Boolean).at(-1);
  return (last ?? request.headers.get("x-real-ip")?.trim() ?? "unknown").slice(0, 64);
}
