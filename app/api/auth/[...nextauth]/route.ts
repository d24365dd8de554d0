import { handleAuthRequest } from "@/lib/auth/auth-route";

export const dynamic = "force-dynamic";

// next-auth's own endpoints (sign-in, callback, sign-out, CSRF); they guard themselves with
// next-auth's CSRF token and the OAuth state/PKCE checks.
export { handleAuthRequest as GET, handleAuthRequest as POST };
