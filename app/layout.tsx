import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Botdesk", template: "%s · Botdesk" },
  description: "Trigger-rule bots for your LiveChat team.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The CSP nonce (proxy.ts) is new on every request, so no page may be prerendered: a static
  // not-found page would carry scripts without it, which the browser blocks.
  await connection();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
