import { NextRequest } from "next/server";
import { handleAuthRequest } from "@/lib/auth/auth-route";
import { errorResponse } from "@/lib/http/error-response";
import { withLimitedBody } from "@/lib/http/limited-body";

export const dynamic = "force-dynamic";

// next-auth's own endpoints (sign-in, callback, sign-out, CSRF); they guard themselves with
// next-auth's CSRF token and the OAuth state/PKCE checks. Their forms are small: a POST body is
// read up to the 1 MiB limit before next-auth sees it, and a larger one is answered 413.
export async function POST(request: NextRequest, context: Parameters<typeof handleAuthRequest>[1]): Promise<Response> {
  let limited: NextRequest;
  try {
    limited = await withLimitedBody(request, (init) => new NextRequest(request.url, init));
  } catch (error) {
    return errorResponse(error);
  }
  return handleAuthRequest(limited, context);
}

export { handleAuthRequest as GET };
