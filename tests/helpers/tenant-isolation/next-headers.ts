// A stand-in for `next/headers` outside a Next.js request: server actions read the request's
// headers and cookies from here, and cookies they set are kept for the test to look at.
export const requestContext = {
  headers: new Headers(),
  setCookies: new Map<string, string>(),
};

export function setRequest(headers: Record<string, string | undefined>): void {
  requestContext.headers = new Headers(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));
  requestContext.setCookies.clear();
}

/** As Next.js reads them: values percent-decoded, undecodable ones left out. */
function parsed(): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (requestContext.headers.get("cookie") ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index <= 0) continue;
    try {
      jar.set(part.slice(0, index).trim(), decodeURIComponent(part.slice(index + 1).trim()));
    } catch {
      // malformed: Next.js skips it too
    }
  }
  return jar;
}

export const nextHeaders = {
  headers: async () => requestContext.headers,
  cookies: async () => ({
    get: (name: string) => {
      const value = parsed().get(name);
      return value === undefined ? undefined : { name, value };
    },
    getAll: () => [...parsed()].map(([name, value]) => ({ name, value })),
    has: (name: string) => parsed().has(name),
    set: (name: string, value: string) => {
      requestContext.setCookies.set(name, value);
    },
    delete: (name: string) => {
      requestContext.setCookies.set(name, "");
    },
  }),
};
