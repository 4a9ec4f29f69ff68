import type { Db } from "@/db/client";
import { getDocument } from "@/db/queries/documents";
import { getBlobStore } from "@/lib/blob";
import { env } from "@/lib/env";
import { UserError } from "@/lib/errors";
import { sampleRowsUnderHeader, suggestMappingWithModel, type ModelMappingSuggestion } from "@/lib/insurance/model-mapping";
import { applyProfile, brokerProfileSchema, suggestProfile } from "@/lib/insurance/profile";
import { cellText, readWorkbook, SpreadsheetError, type Workbook } from "@/lib/insurance/workbook";
import { checkUploadSize } from "./upload-limits";

async function loadSample(db: Db, q: { workspaceId: string }, input: { file?: { filename: string; content: Uint8Array }; documentId?: string }) {
  if (input.file) {
    checkUploadSize(input.file);
    return { filename: input.file.filename, bytes: input.file.content };
  }
  if (input.documentId) {
    const doc = await getDocument(db, { workspaceId: q.workspaceId, documentId: input.documentId });
    if (!doc) throw new UserError("No such document in this workspace.", "not_found");
    const bytes = await (await getBlobStore()).read(doc.blobKey);
    if (!bytes) throw new UserError(`The file ${doc.filename} is missing from storage.`, "not_found");
    return { filename: doc.filename, bytes: new Uint8Array(bytes) };
  }
  throw new UserError("Upload a sample file or pick an attachment.");
}

function sheetPreview(wb: Workbook) {
  return wb.sheets.map((s) => ({ name: s.name, rows: s.rows.slice(0, 12).map((r) => r.map(cellText)) }));
}

/**
 * The broker profile wizard, steps 2 and 3: for a sample (an uploaded file or a document of the workspace), the
 * suggested mapping with its evidence, or the rows a given profile produces with errors by row.
 */
export async function analyzeProfileSample(
  db: Db,
  q: { workspaceId: string },
  input: { file?: { filename: string; content: Uint8Array }; documentId?: string; profile?: unknown },
) {
  const sample = await loadSample(db, q, input);
  let wb: Workbook;
  try {
    wb = await readWorkbook(sample.bytes, sample.filename);
  } catch (err) {
    if (err instanceof SpreadsheetError) throw new UserError(err.message);
    throw err;
  }
  let suggestion: ReturnType<typeof suggestProfile> | null = null;
  let profile;
  if (input.profile === undefined) {
    try {
      suggestion = suggestProfile(wb);
    } catch (err) {
      throw new UserError((err as Error).message);
    }
    profile = suggestion.profile;
  } else {
    const parsed = brokerProfileSchema.safeParse(input.profile);
    if (!parsed.success) throw new UserError(`The profile is not valid: ${parsed.error.issues.map((i) => `${i.path.join(".") || "profile"}: ${i.message}`).join("; ")}`);
    profile = parsed.data;
  }
  // With OpenAI on, the model's opinion per column rides along as extra evidence; the offline fields stand.
  let suggestions: ModelMappingSuggestion[] = suggestion?.suggestions ?? [];
  let modelMessage: string | null = null;
  const e = env();
  if (suggestion && e.OPENAI_API_KEY) {
    const withModel = await suggestMappingWithModel(
      { sampleRows: sampleRowsUnderHeader(wb, suggestion.profile), offline: suggestion.suggestions },
      { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL },
    );
    suggestions = withModel.suggestions;
    modelMessage = withModel.message;
  }
  const applied = applyProfile(wb, profile);
  return {
    filename: sample.filename,
    sheets: sheetPreview(wb),
    suggestion: suggestion && { profile: suggestion.profile, suggestions, headerConfidence: suggestion.headerConfidence, modelMessage },
    profile,
    preview: {
      fits: applied.fits,
      misfitReason: applied.misfitReason ?? null,
      sheet: applied.sheet,
      headerRow: applied.headerRow,
      totalRows: applied.rows.length,
      rows: applied.rows.slice(0, 50).map((r) => ({ rowNumber: r.rowNumber, sourceId: r.sourceId, canonical: r.canonical })),
      errors: applied.errors.slice(0, 200),
      errorCount: applied.errors.length,
      droppedRows: applied.droppedRows,
    },
  };
}
