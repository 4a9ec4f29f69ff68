/** A document queued for longer than this without being picked up is re-sent by the sweeper (inngest/functions/resend-stuck-documents.ts). */
export const STUCK_AFTER_MS = 3 * 60_000;
