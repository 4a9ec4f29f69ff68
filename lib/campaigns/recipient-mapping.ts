// Which column feeds which recipient field: header synonyms (English and Spanish), then, for the email, the
// column's contents. Every column that is not mapped becomes a placeholder field with a key from its header.

export const RECIPIENT_FIELDS = ["email", "company", "name", "role", "designation"] as const;
export type RecipientField = (typeof RECIPIENT_FIELDS)[number];

/** Source column (header text) for each recipient field. `email` is required. */
export type RecipientMapping = { email: string } & Partial<Record<Exclude<RecipientField, "email">, string>>;

function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

// Header synonyms (English and Spanish), most specific first.
const SYNONYMS: Record<RecipientField, string[]> = {
  email: ["email", "e mail", "email address", "mail", "correo", "correo electronico", "e mail address", "emails", "contact email", "work email"],
  company: ["company", "company name", "empresa", "organization", "organisation", "organizacion", "compania", "employer", "firm", "razon social", "business"],
  name: ["name", "full name", "contact name", "contact", "nombre", "nombre completo", "recipient", "person", "contacto"],
  role: ["role", "position", "job title", "title", "puesto", "cargo", "rol", "job", "posicion", "vacancy", "vacante"],
  designation: ["designation", "designacion", "seniority", "department", "departamento", "area"],
};

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface MappingSuggestion {
  mapping: Partial<RecipientMapping>;
  /** How each field was found: exact synonym, header containing a synonym, or the column's contents. */
  how: Partial<Record<RecipientField, "exact" | "partial" | "content">>;
}

/**
 * Suggests which header feeds each recipient field. With `sampleRows` the email column is also
 * found by content when no header names it.
 */
export function suggestRecipientMapping(headers: readonly string[], sampleRows?: readonly (readonly string[])[]): MappingSuggestion {
  const folded = headers.map(fold);
  const used = new Set<number>();
  const mapping: Partial<RecipientMapping> = {};
  const how: MappingSuggestion["how"] = {};
  for (const pass of ["exact", "partial"] as const) {
    for (const field of RECIPIENT_FIELDS) {
      if (mapping[field]) continue;
      for (const syn of SYNONYMS[field]) {
        const idx = folded.findIndex((h, i) => {
          if (used.has(i)) return false;
          if (pass === "exact") return h === syn;
          return new RegExp(`(^| )${syn}( |$)`).test(h);
        });
        if (idx >= 0) {
          mapping[field] = headers[idx];
          how[field] = pass;
          used.add(idx);
          break;
        }
      }
    }
  }
  if (!mapping.email && sampleRows?.length) {
    // A column full of addresses is the email column even if its header loosely matched another field.
    const exactCols = new Set(
      RECIPIENT_FIELDS.filter((f) => how[f] === "exact").map((f) => headers.indexOf(mapping[f]!)),
    );
    let best = -1;
    let bestScore = 0;
    headers.forEach((_, i) => {
      if (exactCols.has(i)) return;
      const vals = sampleRows.map((r) => (r[i] ?? "").trim()).filter(Boolean);
      const score = vals.length ? vals.filter((v) => EMAIL_SHAPE.test(v)).length / vals.length : 0;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    });
    if (best >= 0 && bestScore >= 0.5) {
      for (const f of RECIPIENT_FIELDS) {
        if (mapping[f] === headers[best]) {
          delete mapping[f];
          delete how[f];
        }
      }
      mapping.email = headers[best];
      how.email = "content";
    }
  }
  return { mapping, how };
}


/** "Fecha de Ingreso" → "fecha_de_ingreso"; used for placeholder keys of extra columns. */
export function placeholderKey(header: string): string {
  return fold(header).replace(/ /g, "_");
}
