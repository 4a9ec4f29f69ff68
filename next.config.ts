import { PHASE_DEVELOPMENT_SERVER } from "next/constants";
import type { NextConfig } from "next";
import { staticSecurityHeaders } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // These load WASM/extension bundles or native-ish code at runtime; bundling them breaks that.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-pgvector",
    "exceljs",
    "pdfjs-dist",
    "tesseract.js",
    "mailparser",
    "imapflow",
    "nodemailer",
    "pg",
  ],
  experimental: {
    serverActions: { bodySizeLimit: "30mb" },
  },
  typedRoutes: false,
  // `npm run dev`'s indicator defaults to bottom-left, over the sidebar's name, email and Sign out on every page
  devIndicators: { position: "bottom-right" },
  // every response, API routes and files included (the page policy with its nonce is set in middleware.ts)
  async headers() {
    return [{ source: "/:path*", headers: staticSecurityHeaders }];
  },
};

// `next dev` writes to its own folder, so running it never deletes or mixes with the production build in .next.
export default function config(phase: string): NextConfig {
  return phase === PHASE_DEVELOPMENT_SERVER ? { ...nextConfig, distDir: ".next-dev" } : nextConfig;
}
