import { createHash } from "node:crypto";
import { z } from "zod";
import { getDocument } from "@/db/queries/documents";
import { requireBroker, saveBroker, saveBrokerProfile } from "@/db/queries/insurance/brokers";
import { casesForDocuments, createCasesForMessage } from "@/db/queries/insurance/case-emails";
import { createCase, requestRematch, requireCase } from "@/db/queries/insurance/cases";
import {
  activateCatalog,
  activeCatalog,
  createCatalog,
  getCatalog,
  searchCatalog,
} from "@/db/queries/insurance/catalogs";
import { acceptFleetRows, correctFleetRow } from "@/db/queries/insurance/fleet-row-review";
import { createInsurer, requireInsurer, saveQuoteTemplate } from "@/db/queries/insurance/insurers";
import { saveInsuranceSettings } from "@/db/queries/insurance/settings";
import { ingestFile } from "@/db/queries/intake";
import type { InsuranceCase } from "@/db/schema";
import { setCatalogEmbeddingState } from "@/db/queries/catalog-vectors";
import { requestCatalogEmbedding } from "@/inngest/functions/embed-catalog";
import { startCatalogImport } from "@/inngest/functions/import-catalog";
import { startCaseMatching } from "@/inngest/functions/match-case";
import { workspaceAction } from "@/lib/action";
import { getBlobStore } from "@/lib/blob";
import { env } from "@/lib/env";
import { UserError } from "@/lib/errors";
import { embedderFromEnv } from "@/lib/insurance/embeddings";
import { quoteColumnSchema } from "@/lib/insurance/export";
import { sampleRowsUnderHeader, suggestMappingWithModel, type ModelMappingSuggestion } from "@/lib/insurance/model-mapping";
import { applyProfile, brokerProfileSchema, suggestProfile } from "@/lib/insurance/profile";
import { cellText, readWorkbook, SpreadsheetError, type Workbook } from "@/lib/insurance/workbook";

// Insurance intake actions: settings, brokers and the profile wizard, insurers/catalogs/templates, cases and
// the review table. Each one is checked for its role and tried from outside in lib/actions/isolation.db.test.ts.

const MAX_FILE_BYTES = 25 * 1024 * 1024;
const id = z.string().min(1).max(100);
const file = z.object({ filename: z.string().trim().min(1).max(300), content: z.instanceof(Uint8Array) });

function checkSize(f: { filename: string; content: Uint8Array }) {
  if (f.content.length === 0) throw new UserError(`${f.filename} is empty.`);
  if (f.content.length > MAX_FILE_BYTES) throw new UserError(`${f.filename} is larger than 25 MB.`);
}

// ———————————————————————————————————————————————————————————— settings

export const saveInsuranceSettingsSchema = z.object({
  cotPrefix: z.string().trim().min(1).max(20),
  autoThreshold: z.number().min(0).max(1),
  reviewThreshold: z.number().min(0).max(1),
});

export const saveInsuranceSettingsDef = workspaceAction("saveInsuranceSettings", "admin", saveInsuranceSettingsSchema, (input, ctx) =>
  saveInsuranceSettings(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input }),
);

// ———————————————————————————————————————————————————————————— brokers and the profile wizard

export const saveBrokerSchema = z.object({
  id: id.optional(),
  name: z.string().trim().min(1, "Give the broker a name.").max(200),
  emailDomains: z.array(z.string().max(253)).max(20),
});

export const saveBrokerDef = workspaceAction("saveBroker", "member", saveBrokerSchema, async (input, ctx) => {
  const b = await saveBroker(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input });
  return { id: b.id, name: b.name, emailDomains: b.emailDomains };
});

export const analyzeProfileSampleSchema = z.object({
  /** The sample: an uploaded file, or a document already in the workspace (an email attachment). */
  file: file.optional(),
  documentId: id.optional(),
  /** Step 3: the profile being built; without it, step 2's suggestion is made. */
  profile: z.unknown().optional(),
});

async function loadSample(input: z.infer<typeof analyzeProfileSampleSchema>, ctx: { db: import("@/db/client").Db; workspaceId: string }) {
  if (input.file) {
    checkSize(input.file);
    return { filename: input.file.filename, bytes: input.file.content };
  }
  if (input.documentId) {
    const doc = await getDocument(ctx.db, { workspaceId: ctx.workspaceId, documentId: input.documentId });
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

/** Wizard steps 2 and 3: the suggested mapping with evidence, or the rows a given profile produces with errors by row. */
export const analyzeProfileSampleDef = workspaceAction("analyzeProfileSample", "member", analyzeProfileSampleSchema, async (input, ctx) => {
  const sample = await loadSample(input, ctx);
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
});

export const saveBrokerProfileSchema = z.object({
  brokerId: id,
  profile: z.unknown(),
  sampleFilename: z.string().max(300).optional(),
  /** Match this case again with the new version (the wizard opened from a case). */
  rematchCaseId: id.optional(),
});

export const saveBrokerProfileDef = workspaceAction("saveBrokerProfile", "member", saveBrokerProfileSchema, async (input, ctx) => {
  if (input.rematchCaseId) await requireCase(ctx.db, { workspaceId: ctx.workspaceId, caseId: input.rematchCaseId });
  const p = await saveBrokerProfile(ctx.db, {
    workspaceId: ctx.workspaceId,
    actorId: ctx.userId,
    brokerId: input.brokerId,
    rules: input.profile as never,
    sampleFilename: input.sampleFilename ?? null,
  });
  if (input.rematchCaseId) {
    const c = await requestRematch(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, caseId: input.rematchCaseId, brokerId: input.brokerId });
    await startCaseMatching(c);
  }
  return { id: p.id, version: p.version };
});

// ———————————————————————————————————————————————————————————— insurers, templates, catalogs

export const createInsurerSchema = z.object({ name: z.string().trim().min(1, "Give the insurer a name.").max(200) });

export const createInsurerDef = workspaceAction("createInsurer", "admin", createInsurerSchema, async (input, ctx) => {
  const i = await createInsurer(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, name: input.name });
  return { id: i.id, name: i.name };
});

export const saveQuoteTemplateSchema = z.object({
  insurerId: id,
  name: z.string().max(100).default("Gcotiza"),
  sheetName: z.string().max(31),
  columns: z.array(quoteColumnSchema).min(1, "A template needs at least one column.").max(100),
});

export const saveQuoteTemplateDef = workspaceAction("saveQuoteTemplate", "admin", saveQuoteTemplateSchema, async (input, ctx) => {
  const t = await saveQuoteTemplate(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input });
  return { id: t.id };
});

export const uploadCatalogSchema = z.object({ insurerId: id, file });

/** Store the catalog file and import it in the background (progress and row errors on the Catalogs page). */
export const uploadCatalogDef = workspaceAction("uploadCatalog", "admin", uploadCatalogSchema, async (input, ctx) => {
  checkSize(input.file);
  if (!/\.(csv|xlsx|txt)$/i.test(input.file.filename)) throw new UserError(`${input.file.filename}: upload the catalog as .csv or .xlsx.`);
  await requireInsurer(ctx.db, { workspaceId: ctx.workspaceId, insurerId: input.insurerId });
  const sha = createHash("sha256").update(input.file.content).digest("hex");
  const blobKey = `${ctx.workspaceId}/catalogs/${sha}`;
  await (await getBlobStore()).put(blobKey, input.file.content, "application/octet-stream");
  const c = await createCatalog(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, insurerId: input.insurerId, filename: input.file.filename, blobKey });
  await startCatalogImport(c);
  return { id: c.id, version: c.version };
});

export const activateCatalogSchema = z.object({ catalogId: id });

export const activateCatalogDef = workspaceAction("activateCatalog", "admin", activateCatalogSchema, async (input, ctx) => {
  const c = await activateCatalog(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, catalogId: input.catalogId });
  return { id: c.id, version: c.version };
});

export const buildCatalogEmbeddingsSchema = z.object({ catalogId: id });

/** (Re)build a catalog's embeddings for lookup by meaning (OpenAI on); matching goes on without them meanwhile. */
export const buildCatalogEmbeddingsDef = workspaceAction("buildCatalogEmbeddings", "admin", buildCatalogEmbeddingsSchema, async (input, ctx) => {
  const c = await getCatalog(ctx.db, { workspaceId: ctx.workspaceId, catalogId: input.catalogId });
  if (!c) throw new UserError("No such catalog in this workspace.", "not_found");
  const embedder = embedderFromEnv(env());
  if (!embedder) throw new UserError("Embeddings need OpenAI: set OPENAI_API_KEY (and leave OPENAI_EMBEDDING_MODEL unset or a model name), then restart.");
  if (c.importState !== "imported") throw new UserError(`Catalog version ${c.version} is ${c.importState}; build its embeddings once the import has finished.`);
  if (c.embeddingState === "queued" || c.embeddingState === "embedding") throw new UserError(`Catalog version ${c.version} is already being embedded (${c.embeddingDone} of ${c.embeddingTotal} texts).`);
  if (c.embeddingState === "ready" && c.embeddingModel === embedder.model) throw new UserError(`Catalog version ${c.version} is already embedded with ${embedder.model}.`);
  await setCatalogEmbeddingState(ctx.db, { workspaceId: ctx.workspaceId, catalogId: c.id, state: "queued", model: embedder.model });
  await requestCatalogEmbedding(c, `${embedder.model}-${Date.now()}`);
  return { id: c.id, model: embedder.model };
});

// ———————————————————————————————————————————————————————————— cases

async function startAll(cases: InsuranceCase[]) {
  for (const c of cases) await startCaseMatching(c);
  return cases.map((c) => ({ id: c.id, cotNumber: c.cotNumber }));
}

export const createCaseFromUploadSchema = z.object({ file, brokerId: id.optional(), insurerId: id.optional() });

/**
 * A case from an uploaded broker spreadsheet (.xlsx/.csv), or from an .eml whose spreadsheet attachments each
 * become a case attributed to the sender's broker. The file is kept as a document of the workspace.
 */
export const createCaseFromUploadDef = workspaceAction("createCaseFromUpload", "member", createCaseFromUploadSchema, async (input, ctx) => {
  checkSize(input.file);
  if (input.brokerId) await requireBroker(ctx.db, { workspaceId: ctx.workspaceId, brokerId: input.brokerId });
  if (input.insurerId) await requireInsurer(ctx.db, { workspaceId: ctx.workspaceId, insurerId: input.insurerId });
  const report = await ingestFile(
    { db: ctx.db, blobs: await getBlobStore(), limits: { sniff: { maxFileBytes: MAX_FILE_BYTES } } },
    { workspaceId: ctx.workspaceId, actorId: ctx.userId },
    { filename: input.file.filename, bytes: input.file.content },
  );
  const problem = report.lines.find((l) => l.status === "error" || l.status === "skipped");
  if (report.messageIds.length || report.lines.some((l) => l.messageId && l.status === "duplicate" && !l.documentId)) {
    const messageId = report.messageIds[0] ?? report.lines.find((l) => l.messageId)!.messageId!;
    const cases = await createCasesForMessage(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, messageId, insurerId: input.insurerId ?? null });
    if (!cases.length) throw new UserError("Every spreadsheet of this email already has a case.", "conflict");
    return { cases: await startAll(cases) };
  }
  const line = report.lines.find((l) => l.documentId);
  if (!line?.documentId) throw new UserError(problem?.message ? `${input.file.filename}: ${problem.message}` : `${input.file.filename} could not be taken in.`);
  const doc = await getDocument(ctx.db, { workspaceId: ctx.workspaceId, documentId: line.documentId });
  if (doc?.kind !== "spreadsheet") throw new UserError(`${input.file.filename} is not a spreadsheet; upload the broker's .xlsx or .csv fleet list (or the .eml it came in).`);
  const c = await createCase(ctx.db, {
    workspaceId: ctx.workspaceId,
    actorId: ctx.userId,
    filename: input.file.filename,
    documentId: doc.id,
    brokerId: input.brokerId ?? null,
    insurerId: input.insurerId ?? null,
  });
  return { cases: await startAll([c]) };
});

export const createCaseFromDocumentSchema = z.object({ documentId: id });

/** A case from a broker spreadsheet already stored in Documents (dropped with other files, or from a folder). */
export const createCaseFromDocumentDef = workspaceAction("createCaseFromDocument", "member", createCaseFromDocumentSchema, async (input, ctx) => {
  const doc = await getDocument(ctx.db, { workspaceId: ctx.workspaceId, documentId: input.documentId });
  if (!doc) throw new UserError("No such document in this workspace.", "not_found");
  if (doc.kind !== "spreadsheet") throw new UserError(`${doc.filename} is not a spreadsheet; a case is opened from the broker's .xlsx or .csv fleet list.`);
  const [existing] = await casesForDocuments(ctx.db, { workspaceId: ctx.workspaceId, documentIds: [doc.id] });
  if (existing) throw new UserError(`${doc.filename} already has case ${existing.cotNumber}; open it from Insurance → Cases.`, "conflict");
  const c = await createCase(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, filename: doc.filename, documentId: doc.id });
  return { cases: await startAll([c]) };
});

export const createCaseFromMessageSchema = z.object({ messageId: id, documentId: id.optional() });

export const createCaseFromMessageDef = workspaceAction("createCaseFromMessage", "member", createCaseFromMessageSchema, async (input, ctx) => {
  const cases = await createCasesForMessage(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input });
  if (!cases.length) throw new UserError("Every spreadsheet of this email already has a case.", "conflict");
  return { cases: await startAll(cases) };
});

export const rematchCaseSchema = z.object({ caseId: id, brokerId: id.optional() });

export const rematchCaseDef = workspaceAction("rematchCase", "member", rematchCaseSchema, async (input, ctx) => {
  const c = await requestRematch(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, caseId: input.caseId, brokerId: input.brokerId ?? null });
  await startCaseMatching(c);
  return { id: c.id, generation: c.generation };
});

// ———————————————————————————————————————————————————————————— review

export const acceptFleetRowsSchema = z.object({ caseId: id, rowIds: z.array(id).max(5000).optional() });

export const acceptFleetRowsDef = workspaceAction("acceptFleetRows", "member", acceptFleetRowsSchema, (input, ctx) =>
  acceptFleetRows(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input }),
);

export const correctFleetRowSchema = z.object({ caseId: id, rowId: id, code: z.string().trim().min(1).max(40).nullable() });

export const correctFleetRowDef = workspaceAction("correctFleetRow", "member", correctFleetRowSchema, (input, ctx) =>
  correctFleetRow(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input }),
);

export const searchCatalogSchema = z.object({ caseId: id, query: z.string().max(200) });

/** The catalog search dialog: the case's catalog (or its insurer's active one), by trigram similarity or code. */
export const searchCatalogDef = workspaceAction("searchCatalog", "viewer", searchCatalogSchema, async (input, ctx) => {
  const c = await requireCase(ctx.db, { workspaceId: ctx.workspaceId, caseId: input.caseId });
  const catalogId = c.catalogId ?? (c.insurerId ? (await activeCatalog(ctx.db, { workspaceId: ctx.workspaceId, insurerId: c.insurerId }))?.id : null);
  if (!catalogId) throw new UserError("This case has no catalog yet.");
  const hits = await searchCatalog(ctx.db, { workspaceId: ctx.workspaceId, catalogId, query: input.query });
  return hits.map((h) => ({ ...h, score: Math.round(Number(h.score) * 1000) / 1000 }));
});
