import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { vendorFieldMemories, vendors } from "@/db/schema";
import type { FieldMemory, VendorMemories } from "@/lib/extraction/memory";
import { normalizeVendorName } from "@/lib/invoices/values";

// Vendors and what Docket learned of each from reviewers' corrections (label + position per field).

export async function upsertVendor(db: Db, workspaceId: string, name: string | null, taxId: string | null) {
  if (!name) return null;
  const normalizedName = normalizeVendorName(name);
  if (!normalizedName) return null;
  const [row] = await db
    .insert(vendors)
    .values({ workspaceId, name, normalizedName, taxId })
    .onConflictDoUpdate({
      target: [vendors.workspaceId, vendors.normalizedName],
      set: { taxId: sql`coalesce(${vendors.taxId}, excluded.tax_id)` },
    })
    .returning({ id: vendors.id });
  return row.id;
}

/** Every active vendor memory of the workspace, grouped by vendor (what the reader is given). */
export async function loadVendorMemories(db: Db, q: { workspaceId: string }): Promise<VendorMemories[]> {
  const rows = await db
    .select({ m: vendorFieldMemories, vendorName: vendors.name, taxId: vendors.taxId })
    .from(vendorFieldMemories)
    .innerJoin(vendors, and(eq(vendors.id, vendorFieldMemories.vendorId), eq(vendors.workspaceId, q.workspaceId)))
    .where(and(eq(vendorFieldMemories.workspaceId, q.workspaceId), eq(vendorFieldMemories.active, true)));
  const byVendor = new Map<string, VendorMemories>();
  for (const r of rows) {
    const v = byVendor.get(r.m.vendorId) ?? { vendorName: r.vendorName, taxId: r.taxId, memories: [] };
    v.memories.push({ field: r.m.field as FieldMemory["field"], label: r.m.label, relation: r.m.relation, page: r.m.page, x: r.m.x, y: r.m.y, width: r.m.width, height: r.m.height, note: `learned from your correction of ${r.m.learnedFrom}` });
    byVendor.set(r.m.vendorId, v);
  }
  return [...byVendor.values()];
}

/** Remember (or replace) where a vendor's field is, from a reviewer's correction. Audited. */
export async function rememberVendorField(
  db: Db,
  q: { workspaceId: string; actorId: string; vendorId: string; invoiceId: string; learnedFrom: string; memory: FieldMemory },
) {
  const m = q.memory;
  const values = { label: m.label, relation: m.relation, page: m.page, x: m.x, y: m.y, width: m.width, height: m.height, learnedFromInvoiceId: q.invoiceId, learnedFrom: q.learnedFrom, learnedBy: q.actorId, active: true, createdAt: new Date() };
  await db
    .insert(vendorFieldMemories)
    .values({ workspaceId: q.workspaceId, vendorId: q.vendorId, field: m.field, ...values })
    .onConflictDoUpdate({ target: [vendorFieldMemories.workspaceId, vendorFieldMemories.vendorId, vendorFieldMemories.field], set: values });
  await recordAudit(db, {
    workspaceId: q.workspaceId,
    actorId: q.actorId,
    action: "vendor.field_learned",
    entityType: "vendor",
    entityId: q.vendorId,
    after: { field: m.field, label: m.label, position: m.relation, learnedFrom: q.learnedFrom },
  });
}

/** The workspace's vendors with a tax ID, for matching a seller's tax ID on a new invoice. */
export async function knownVendors(db: Db, q: { workspaceId: string }) {
  return db
    .select({ name: vendors.name, taxId: vendors.taxId })
    .from(vendors)
    .where(and(eq(vendors.workspaceId, q.workspaceId), isNotNull(vendors.taxId)))
    .orderBy(asc(vendors.createdAt))
    .limit(20_000);
}
