import type { Metadata } from "next";
import { headers } from "next/headers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Docket", template: "%s · Docket" },
  description: "The AI back office for small operations teams.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Rendered per request: Next puts the request's CSP nonce (middleware.ts) on its scripts only when the page is
  // rendered dynamically, so no page may be prerendered with a nonce-less script.
  await headers();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
