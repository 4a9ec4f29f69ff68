import { and, asc, desc, eq, max, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { brokerProfiles, brokers, users } from "@/db/schema";
import { UserError } from "@/lib/errors";
import { normalizeDomain } from "@/lib/insurance/broker-domain";
import { type BrokerProfileInput, brokerProfileSchema } from "@/lib/insurance/profile";

// Brokers (recognised by their email domains) and their versioned spreadsheet profiles.

export async function listBrokers(db: Db, q: { workspaceId: string }) {
  const list = await db.select().from(brokers).where(eq(brokers.workspaceId, q.workspaceId)).orderBy(asc(brokers.name));
  const profiles = await db
    .select({
      brokerId: brokerProfiles.brokerId,
      id: brokerProfiles.id,
      version: brokerProfiles.version,
      usageCount: brokerProfiles.usageCount,
      lastUsedAt: brokerProfiles.lastUsedAt,
      createdAt: brokerProfiles.createdAt,
    })
    .from(brokerProfiles)
    .where(eq(brokerProfiles.workspaceId, q.workspaceId))
    .orderBy(desc(brokerProfiles.version));
  return list.map((b) => {
    const mine = profiles.filter((p) => p.brokerId === b.id);
    return { ...b, profiles: mine, latest: mine[0] ?? null, usage: mine.reduce((s, p) => s + p.usageCount, 0) };
  });
}

export async function getBroker(db: Db, q: { workspaceId: string; brokerId: string }) {
  const [b] = await db.select().from(brokers).where(and(eq(brokers.workspaceId, q.workspaceId), eq(brokers.id, q.brokerId)));
  return b ?? null;
}

export async function requireBroker(db: Db, q: { workspaceId: string; brokerId: string }) {
  const b = await getBroker(db, q);
  if (!b) throw new UserError("No such broker in this workspace.", "not_found");
  return b;
}

export async function saveBroker(db: Db, q: { workspaceId: string; actorId: string; id?: string; name: string; emailDomains: string[] }) {
  const name = q.name.trim();
  if (!name) throw new UserError("Give the broker a name.");
  const domains: string[] = [];
  for (const d of q.emailDomains.map((x) => x.trim()).filter(Boolean)) {
    const n = normalizeDomain(d);
    if (!n) throw new UserError(`"${d}" is not an email domain (e.g. agentebajio.com.mx).`);
    if (!domains.includes(n)) domains.push(n);
  }
  const others = await db
    .select({ id: brokers.id, name: brokers.name, emailDomains: brokers.emailDomains })
    .from(brokers)
    .where(and(eq(brokers.workspaceId, q.workspaceId), q.id ? ne(brokers.id, q.id) : undefined));
  for (const o of others) {
    if (o.name.toLowerCase() === name.toLowerCase()) throw new UserError(`A broker named ${o.name} already exists.`, "conflict");
    const taken = domains.find((d) => o.emailDomains.includes(d));
    if (taken) throw new UserError(`The domain ${taken} already belongs to ${o.name}.`, "conflict");
  }
  if (q.id) {
    const before = await requireBroker(db, { workspaceId: q.workspaceId, brokerId: q.id });
    const [b] = await db
      .update(brokers)
      .set({ name, emailDomains: domains, updatedAt: new Date() })
      .where(and(eq(brokers.workspaceId, q.workspaceId), eq(brokers.id, q.id)))
      .returning();
    await recordAudit(db, {
      workspaceId: q.workspaceId, actorId: q.actorId, action: "broker.updated", entityType: "broker", entityId: b.id,
      before: { name: before.name, emailDomains: before.emailDomains }, after: { name, emailDomains: domains },
    });
    return b;
  }
  const [b] = await db.insert(brokers).values({ workspaceId: q.workspaceId, name, emailDomains: domains, createdBy: q.actorId }).returning();
  await recordAudit(db, {
    workspaceId: q.workspaceId, actorId: q.actorId, action: "broker.created", entityType: "broker", entityId: b.id, after: { name, emailDomains: domains },
  });
  return b;
}

/** The broker whose domain (or a parent domain of it) the sender's address is at. */
export async function findBrokerByEmail(db: Db, q: { workspaceId: string; address: string | null | undefined }) {
  const domain = q.address ? normalizeDomain(q.address) : null;
  if (!domain) return null;
  const list = await db.select().from(brokers).where(eq(brokers.workspaceId, q.workspaceId));
  let best: { broker: (typeof list)[number]; len: number } | null = null;
  for (const b of list) {
    for (const d of b.emailDomains) {
      if ((domain === d || domain.endsWith(`.${d}`)) && (!best || d.length > best.len)) best = { broker: b, len: d.length };
    }
  }
  return best?.broker ?? null;
}

export async function listProfiles(db: Db, q: { workspaceId: string; brokerId: string }) {
  return db
    .select({
      id: brokerProfiles.id,
      version: brokerProfiles.version,
      rules: brokerProfiles.rules,
      sampleFilename: brokerProfiles.sampleFilename,
      usageCount: brokerProfiles.usageCount,
      lastUsedAt: brokerProfiles.lastUsedAt,
      createdAt: brokerProfiles.createdAt,
      createdByName: users.name,
    })
    .from(brokerProfiles)
    .leftJoin(users, eq(users.id, brokerProfiles.createdBy))
    .where(and(eq(brokerProfiles.workspaceId, q.workspaceId), eq(brokerProfiles.brokerId, q.brokerId)))
    .orderBy(desc(brokerProfiles.version));
}

export async function latestProfile(db: Db, q: { workspaceId: string; brokerId: string }) {
  const [p] = await db
    .select()
    .from(brokerProfiles)
    .where(and(eq(brokerProfiles.workspaceId, q.workspaceId), eq(brokerProfiles.brokerId, q.brokerId)))
    .orderBy(desc(brokerProfiles.version))
    .limit(1);
  return p ?? null;
}

/** Save a broker profile as the broker's next version. The rules are validated with the lib's profile schema. */
export async function saveBrokerProfile(
  db: Db,
  q: { workspaceId: string; actorId: string; brokerId: string; rules: BrokerProfileInput; sampleFilename?: string | null },
) {
  const parsed = brokerProfileSchema.safeParse(q.rules);
  if (!parsed.success) {
    throw new UserError(`The profile is not valid: ${parsed.error.issues.map((i) => `${i.path.join(".") || "profile"}: ${i.message}`).join("; ")}`);
  }
  const broker = await requireBroker(db, { workspaceId: q.workspaceId, brokerId: q.brokerId });
  return db.transaction(async (tx) => {
    // Serialize version numbering per broker on the broker row.
    await tx.execute(sql`select id from ${brokers} where id = ${broker.id} for update`);
    const [m] = await tx.select({ v: max(brokerProfiles.version) }).from(brokerProfiles).where(eq(brokerProfiles.brokerId, broker.id));
    const version = (m?.v ?? 0) + 1;
    const [p] = await tx
      .insert(brokerProfiles)
      .values({ workspaceId: q.workspaceId, brokerId: broker.id, version, rules: parsed.data, sampleFilename: q.sampleFilename ?? null, createdBy: q.actorId })
      .returning();
    await recordAudit(tx, {
      workspaceId: q.workspaceId, actorId: q.actorId, action: "broker_profile.saved", entityType: "broker_profile", entityId: p.id,
      after: { broker: broker.name, version, columns: parsed.data.columns.length, sample: q.sampleFilename ?? null },
    });
    return p;
  });
}

/** Every broker's latest profile (for recognising a spreadsheet that came without a sender by its layout). */
export async function latestProfilesByBroker(db: Db, q: { workspaceId: string }) {
  const list = await db
    .select({ brokerId: brokerProfiles.brokerId, name: brokers.name, version: brokerProfiles.version, rules: brokerProfiles.rules })
    .from(brokerProfiles)
    .innerJoin(brokers, eq(brokers.id, brokerProfiles.brokerId))
    .where(eq(brokerProfiles.workspaceId, q.workspaceId))
    .orderBy(asc(brokers.name), desc(brokerProfiles.version));
  const seen = new Set<string>();
  return list.filter((p) => !seen.has(p.brokerId) && seen.add(p.brokerId));
}
