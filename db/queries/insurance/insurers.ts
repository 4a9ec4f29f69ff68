import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { catalogs, insurers, quoteTemplates } from "@/db/schema";
import { UserError } from "@/lib/errors";
import { GCOTIZA_TEMPLATE, type QuoteTemplate, quoteTemplateSchema } from "@/lib/insurance/export";

// Insurers and the quote file template each one expects.

export async function createInsurer(db: Db, q: { workspaceId: string; actorId: string | null; name: string; template?: QuoteTemplate }) {
  const name = q.name.trim();
  if (!name) throw new UserError("Give the insurer a name.");
  return db.transaction(async (tx) => {
    const [ins] = await tx.insert(insurers).values({ workspaceId: q.workspaceId, name, createdBy: q.actorId }).onConflictDoNothing().returning();
    if (!ins) throw new UserError(`An insurer named ${name} already exists.`, "conflict");
    await tx.insert(quoteTemplates).values({ workspaceId: q.workspaceId, insurerId: ins.id, columns: q.template ?? GCOTIZA_TEMPLATE, updatedBy: q.actorId });
    await recordAudit(tx, { workspaceId: q.workspaceId, actorId: q.actorId, action: "insurer.created", entityType: "insurer", entityId: ins.id, after: { name } });
    return ins;
  });
}

export async function listInsurers(db: Db, q: { workspaceId: string }) {
  const list = await db.select().from(insurers).where(eq(insurers.workspaceId, q.workspaceId)).orderBy(asc(insurers.name));
  const active = await db
    .select({ insurerId: catalogs.insurerId, id: catalogs.id, version: catalogs.version, entries: catalogs.importedRows, activatedAt: catalogs.activatedAt })
    .from(catalogs)
    .where(and(eq(catalogs.workspaceId, q.workspaceId), eq(catalogs.status, "active")));
  const templates = await db.select().from(quoteTemplates).where(eq(quoteTemplates.workspaceId, q.workspaceId));
  return list.map((i) => ({ ...i, activeCatalog: active.find((a) => a.insurerId === i.id) ?? null, template: templates.find((t) => t.insurerId === i.id) ?? null }));
}

export async function requireInsurer(db: Db, q: { workspaceId: string; insurerId: string }) {
  const [i] = await db.select().from(insurers).where(and(eq(insurers.workspaceId, q.workspaceId), eq(insurers.id, q.insurerId)));
  if (!i) throw new UserError("No such insurer in this workspace.", "not_found");
  return i;
}

export async function getQuoteTemplate(db: Db, q: { workspaceId: string; insurerId: string }) {
  const [t] = await db
    .select()
    .from(quoteTemplates)
    .where(and(eq(quoteTemplates.workspaceId, q.workspaceId), eq(quoteTemplates.insurerId, q.insurerId)));
  return t ?? null;
}

export async function saveQuoteTemplate(
  db: Db,
  q: { workspaceId: string; actorId: string; insurerId: string; name: string; sheetName: string; columns: QuoteTemplate },
) {
  await requireInsurer(db, q);
  const parsed = quoteTemplateSchema.safeParse(q.columns);
  if (!parsed.success) throw new UserError(`The template is not valid: ${parsed.error.issues.map((i) => `column ${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const sheetName = q.sheetName.trim();
  if (!sheetName || sheetName.length > 31 || /[\\/?*[\]:]/.test(sheetName)) throw new UserError("The sheet name must be 1–31 characters without \\ / ? * [ ] :");
  const before = await getQuoteTemplate(db, q);
  const values = { workspaceId: q.workspaceId, insurerId: q.insurerId, name: q.name.trim() || "Gcotiza", sheetName, columns: parsed.data, updatedBy: q.actorId, updatedAt: new Date() };
  const [t] = await db.insert(quoteTemplates).values(values).onConflictDoUpdate({ target: quoteTemplates.insurerId, set: values }).returning();
  await recordAudit(db, {
    workspaceId: q.workspaceId, actorId: q.actorId, action: "quote_template.saved", entityType: "insurer", entityId: q.insurerId,
    before: before ? { sheetName: before.sheetName, columns: before.columns } : null, after: { sheetName, columns: parsed.data },
  });
  return t;
}
