import type { NextConfig } from "next";

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
};

export default nextConfig;
