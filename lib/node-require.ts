import { createRequire } from "node:module";

declare const __non_webpack_require__: NodeJS.Require | undefined;

/**
 * Node's own `require`, for resolving files inside installed packages (pdf.js fonts, tesseract language data).
 * Inside Next's server bundles webpack rewrites `createRequire(import.meta.url).resolve(…)` into a module id, so
 * there the bundler's escape hatch to the real require is used; everywhere else (tests, CLI) createRequire.
 */
export const nodeRequire: NodeJS.Require =
  typeof __non_webpack_require__ === "function" ? __non_webpack_require__ : createRequire(import.meta.url);
