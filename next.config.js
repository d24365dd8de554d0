// Configuration is validated at server start by instrumentation.ts (lib/env.ts);
// this file only shapes the build.

// Browser features the dashboard never uses, denied to it and to anything it could embed. Only
// names Chromium knows: an unknown one is logged as an error on every page.
const DENIED_FEATURES = [
  "accelerometer",
  "autoplay",
  "browsing-topics",
  "camera",
  "display-capture",
  "encrypted-media",
  "fullscreen",
  "geolocation",
  "gyroscope",
  "hid",
  "idle-detection",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "picture-in-picture",
  "publickey-credentials-get",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking",
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // `npm test` type-checks the whole project before the browser tests; their build skips repeating it.
  typescript: { ignoreBuildErrors: process.env.BOTDESK_SKIP_BUILD_TYPECHECK === "1" },
  reactStrictMode: true,
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "@prisma/client"],
  // proxy.ts runs on page paths, where server actions are posted: buffer no more than the 1 MB a
  // server action may carry anyway (the default is 10 MB per request).
  experimental: { proxyClientMaxBodySize: "1mb" },
  // Headers that never change, on every response. The Content-Security-Policy (a nonce per
  // request) and HSTS (only when NEXTAUTH_URL is https) are set at run time by proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: DENIED_FEATURES.map((feature) => `${feature}=()`).join(", ") },
        ],
      },
    ];
  },
};

export default nextConfig;
