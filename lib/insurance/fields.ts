/**
 * Canonical fleet-row fields and the header words brokers use for them (Spanish and English),
 * plus value parsers shared by header detection, mapping suggestions and broker profiles.
 */
import { z } from "zod";
import { isVin, yearFromValue } from "./attributes";
import { kindOfUse } from "./quote-vehicle";
import { basicUpper, BRAND_ALIASES, nameKey } from "./text";
import type { Cell } from "./workbook";

export const FLEET_FIELDS = [
  "rowNo",
  "brand",
  "model",
  "year",
  "version",
  "description",
  "body",
  "use",
  "vin",
  "plate",
  "insuredValue",
  "premium",
  "coverage",
  "deductible",
] as const;

export type FleetField = (typeof FLEET_FIELDS)[number];
export const fleetFieldSchema = z.enum(FLEET_FIELDS);

export const FIELD_LABELS: Record<FleetField, string> = {
  rowNo: "Row number",
  brand: "Brand",
  model: "Model (submarca)",
  year: "Model year",
  version: "Version",
  description: "Description",
  body: "Body type",
  use: "Use",
  vin: "VIN / serial",
  plate: "Plate",
  insuredValue: "Insured value",
  premium: "Premium",
  coverage: "Coverage",
  deductible: "Deductible",
};

/** Header words per field, already normalized (upper case, no accents, punctuation as spaces). */
export const HEADER_SYNONYMS: Record<FleetField, string[]> = {
  rowNo: ["NO", "#", "NUM", "NUMERO", "N", "NO INCISO", "INCISO", "CONSECUTIVO", "ITEM", "ROW", "NO UNIDAD", "NUM INCISO", "NRO"],
  brand: ["MARCA", "BRAND", "MAKE", "FABRICANTE", "MANUFACTURER", "ARMADORA"],
  model: ["SUBMARCA", "SUB MARCA", "MODEL", "LINEA", "SUBMODELO", "MODEL NAME"],
  year: ["ANO", "ANIO", "YEAR", "ANO MODELO", "MODEL YEAR", "ANO DEL VEHICULO", "MODELO ANO", "YR"],
  version: ["VERSION", "TRIM", "VERSION DEL VEHICULO"],
  description: ["DESCRIPCION", "DESCRIPTION", "DESC", "DESCRIPCION DEL VEHICULO", "DESCRIPCION VEHICULO", "VEHICULO", "UNIDAD", "DESCRIPCION UNIDAD", "VEHICLE"],
  body: ["TIPO", "CARROCERIA", "BODY", "BODY TYPE", "TIPO DE VEHICULO", "TIPO VEHICULO", "CLASE", "VEHICLE TYPE"],
  use: ["USO", "USE", "SERVICIO", "TIPO DE USO", "USAGE"],
  vin: ["SERIE", "NO SERIE", "NO DE SERIE", "NUMERO DE SERIE", "NUM SERIE", "NIV", "VIN", "CHASIS", "SERIAL", "SERIAL NUMBER", "VIN NUMBER"],
  plate: ["PLACAS", "PLACA", "PLATE", "PLATES", "LICENSE PLATE", "MATRICULA", "NO PLACAS"],
  insuredValue: ["SUMA ASEGURADA", "VALOR FACTURA", "VALOR", "VALOR COMERCIAL", "VALOR CONVENIDO", "INSURED VALUE", "SUM INSURED", "VALUE", "VALOR DEL VEHICULO", "SA"],
  premium: ["PRIMA", "PRIMA NETA", "PRIMA TOTAL", "PREMIUM", "NET PREMIUM", "TOTAL PREMIUM"],
  coverage: ["COBERTURA", "PAQUETE", "PLAN", "COVERAGE", "COVER", "TIPO DE COBERTURA", "PAQUETE DE COBERTURA"],
  deductible: ["DEDUCIBLE", "DEDUCTIBLE", "DED", "DEDUCIBLE DM", "DEDUCIBLE RT", "DEDUCIBLE DANOS MATERIALES"],
};

/** Normalize a header cell: upper case, accents stripped, punctuation as spaces ("No." → "NO", "Año" → "ANO"). */
export function headerKey(h: string): string {
  const u = basicUpper(h).replace(/[º°]/g, "");
  if (u === "#" || u === "NO." || u === "N°") return u === "#" ? "#" : "NO";
  return u.replace(/[^A-Z0-9#]+/g, " ").replace(/\s+/g, " ").trim();
}

export interface HeaderHit {
  field: FleetField;
  score: number;
  synonym: string;
}

/** Fields a header names, best first. "MODELO" means the model year in Mexican files, the submarca elsewhere. */
export function matchHeader(header: string): HeaderHit[] {
  const k = headerKey(header);
  if (!k) return [];
  if (k === "MODELO") {
    return [
      { field: "year", score: 0.6, synonym: "MODELO" },
      { field: "model", score: 0.45, synonym: "MODELO" },
    ];
  }
  const hits: HeaderHit[] = [];
  for (const field of FLEET_FIELDS) {
    let best: HeaderHit | null = null;
    for (const syn of HEADER_SYNONYMS[field]) {
      let score = 0;
      if (k === syn) score = 0.95;
      else if (syn.length >= 3 && (k.startsWith(`${syn} `) || k.endsWith(` ${syn}`) || k.includes(` ${syn} `))) score = 0.75;
      if (score && (!best || score > best.score)) best = { field, score, synonym: syn };
    }
    if (best) hits.push(best);
  }
  return hits.sort((a, b) => b.score - a.score);
}

/** Money from a number or text like "$ 350,000.00", "350.000,00 MXN"; null when not money. */
export function parseMoney(v: Cell): number | null {
  if (v === null || v instanceof Date || typeof v === "boolean") return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  let s = v.trim().toUpperCase().replace(/\s+/g, "").replace(/^\$|MXN|MN|USD|\$$/g, "").replace(/\$/g, "");
  if (!s) return null;
  const neg = /^\(.*\)$/.test(s) || s.startsWith("-");
  s = s.replace(/^[(-]|\)$/g, "");
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(s)) s = s.replace(/\./g, "").replace(",", ".");
  else if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, "");
  else if (/^\d+,\d{1,2}$/.test(s)) s = s.replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  const n = Number(s);
  return neg ? -n : n;
}

/** A deductible or rate: "5%", "5 %", 0.05, 5 → fraction 0.05; null when not a percentage. */
export function parsePercent(v: Cell): number | null {
  if (v === null || v instanceof Date || typeof v === "boolean") return null;
  if (typeof v === "number") return v > 1 ? v / 100 : v;
  const m = /^\s*(\d+(?:[.,]\d+)?)\s*%?\s*$/.exec(v);
  if (!m) return null;
  const n = Number(m[1].replace(",", "."));
  return /%/.test(v) || n > 1 ? n / 100 : n;
}

const PLATE_RE = /^[A-Z0-9]{5,8}$/;

export function looksLikePlate(v: Cell): boolean {
  if (typeof v !== "string") return false;
  const s = basicUpper(v).replace(/[-\s]/g, "");
  if (!PLATE_RE.test(s) || isVin(s)) return false;
  const letters = (s.match(/[A-Z]/g) ?? []).length;
  const digits = (s.match(/\d/g) ?? []).length;
  return letters >= 1 && digits >= 2 && !/^\d\.\d/.test(v);
}

export function looksLikeVin(v: Cell): boolean {
  return typeof v === "string" && isVin(basicUpper(v).replace(/[-\s]/g, ""));
}

export function looksLikeYear(v: Cell, maxYear?: number): boolean {
  if (v === null || v instanceof Date) return false;
  const s = String(v).trim();
  if (!/^\d{4}(\.0+)?$/.test(s)) return false;
  return yearFromValue(s, { maxYear }) !== null;
}

const KNOWN_BRANDS = new Set(Object.values(BRAND_ALIASES));

export function looksLikeBrand(v: Cell): boolean {
  if (typeof v !== "string") return false;
  const k = nameKey(v);
  return KNOWN_BRANDS.has(BRAND_ALIASES[k] ?? k);
}

const COVERAGE_WORDS = /^(AMPLIA|AMPLIA PLUS|LIMITADA|RC|R C|RESPONSABILIDAD CIVIL|RC OBLIGATORIA|BASICA|COMPREHENSIVE|FULL COVERAGE|LIABILITY|PLUS|PREMIUM|ESTANDAR)$/;
const USE_WORDS = /^(PARTICULAR|PERSONAL|CARGA|COMERCIAL|SERVICIO PUBLICO|PUBLICO|TAXI|PLATAFORMA|UTILITARIO|PRIVATE|COMMERCIAL|CARGO|RENTA|ARRENDAMIENTO)$/;
const BODY_WORDS = /^(SEDAN|SUV|PICKUP|PICK UP|HATCHBACK|HB|VAN|MINIVAN|CAMIONETA|AUTOMOVIL|COUPE|CONVERTIBLE|CAMION|TRACTOCAMION|MOTOCICLETA|WAGON)$/;

export function looksLikeCoverage(v: Cell): boolean {
  return typeof v === "string" && COVERAGE_WORDS.test(headerKey(v));
}
export function looksLikeUse(v: Cell): boolean {
  return typeof v === "string" && (USE_WORDS.test(headerKey(v)) || kindOfUse(v) !== null);
}
export function looksLikeBody(v: Cell): boolean {
  return typeof v === "string" && BODY_WORDS.test(headerKey(v));
}
