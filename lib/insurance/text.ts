/**
 * Text normalization for vehicle descriptions (Spanish and English broker files, AMIS/CVEGS-style catalogs).
 * Both catalog entries and broker rows go through the same functions so that their tokens meet.
 */

export function stripAccents(s: string): string {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

/** Upper-case, strip accents, unify quotes and whitespace. Keeps punctuation (later steps need it). */
export function basicUpper(s: string): string {
  return stripAccents(String(s ?? ""))
    .toUpperCase()
    .replace(/[\u2018\u2019\u00b4`]/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Multi-word or punctuation-bearing phrases rewritten to one canonical token before tokenizing.
 * The third element is a cheap test: the phrase is only tried when the text passes it.
 */
const PHRASES: Array<[RegExp, string, RegExp]> = [
  // transmission written T/A, T.A. (automatic) and T/M, T.M. (manual): before the displacement rules read "1.6 T" as turbo
  // (abbreviation dots are spaces by now: "T.A." arrives as "T A")
  [/\bT(?:\s*\/\s*|\s+)A\b/g, " AUT ", /T\s*[/ ]\s*A/],
  [/\bT(?:\s*\/\s*|\s+)M\b/g, " STD ", /T\s*[/ ]\s*M/],
  [/\bA\s*\/\s*A(?:C)?\b|\bA\s*\/\s*C\b|\bAIRE\s+ACOND(?:ICIONADO)?\b|\bAIR\s+CONDITIONING\b/g, " AC ", /\/|AIR/],
  [/\bD\s*\/\s*C\b|\b(?:DOBLE|DBL|DOUBLE|CREW)\s+CAB(?:INA)?\b|\bCAB(?:INA)?\s+DOBLE\b/g, " DC ", /\/|CAB/],
  [/\bC\s*\/\s*S\b|\bCAB(?:INA)?\s+SENC(?:ILLA)?\b|\b(?:SINGLE|REGULAR)\s+CAB(?:IN)?\b|\bCAB(?:INA)?\s+REGULAR\b/g, " CS ", /\/|CAB/],
  [/\bCHAS(?:IS|SIS)?\s+CAB(?:INA)?\b/g, " CHASIS ", /CHAS/],
  [/\bQUEMA\s*COCOS\b/g, " QC ", /QUEMA/],
  [/\bRINES?\s+(?:DE\s+)?ALUM(?:INIO)?\b/g, " RA ", /RIN/],
  [/\bBOLSAS?\s+(?:DE\s+)?AIRE\b/g, " BA ", /BOLSA/],
  [/\bELEVADORES\s+ELECTRICOS\b|\bVIDRIOS\s+ELECTRICOS\b/g, " EE ", /ELECTRIC/],
  [/\bPAQ(?:UETE)?\s*\.?\s*SEG(?:URIDAD)?\b|\bSAFETY\s+PACK(?:AGE)?\b/g, " PAQSEG ", /PAQ|SAFETY/],
  [/\bPICK\s*-?\s*UP\b/g, " PICKUP ", /PICK/],
  [/\bMERCEDES\s*-?\s*BENZ\b/g, " MERCEDESBENZ ", /MERCEDES/],
  [/\b(\d)\s*X\s*(\d)\b/g, " $1X$2 ", /\dX|\d X/],
  // doors / occupants: "4 PUERTAS", "4PTAS", "4 P", "5 PAS", "5 OCUP"
  [/\b([2-5])\s*(?:PUERTAS|PUERTA|PTAS|PTA|PTS|PT|DOORS?|DR|P)\b/g, " $1P ", /[2-5]\s*[PD]/],
  [/\b(\d{1,2})\s*(?:PASAJEROS|PASAJ|PAS|OCUPANTES|OCUP|OCU|PAX|PASSENGERS?)\b/g, " $1OCUP ", /\d\s*[PO]/],
  // cylinders: "L4", "V6", "4 CIL", "4CIL", "I4"
  [/\b(?:[LVI])([3468])\b/g, " $1CIL ", /[LVI][3468]/],
  [/\b([3468])\s*CIL(?:INDROS)?\b/g, " $1CIL ", /CIL/],
  // displacement with explicit turbo "1.4T", "2.0 T", "1.4 TURBO"
  [/\b(\d)\s*[.,]\s*(\d)\s*(?:L|LTS?|LITROS?)?\s*(?:T|TURBO|TBO)\b/g, " $1.$2L TURBO ", /\d\s*[.,]\s*\d/],
  // displacement "1.6L", "1.6 L", "1.6"
  [/\b(\d)\s*[.,]\s*(\d)\s*(?:L|LTS?|LITROS?)?\b/g, " $1.$2L ", /\d\s*[.,]\s*\d/],
];

/** Roman numerals that number a trim (GS I, GS II, GS III). */
const ROMAN: Record<string, string> = { I: "1", II: "2", III: "3" };

/** Single-token aliases (after phrase rewriting). Values are canonical tokens. */
export const TOKEN_ALIASES: Record<string, string> = {
  // transmission
  AUT: "AUT", AUTO: "AUT", AUTOM: "AUT", AUTOMAT: "AUT", AUTOMATICO: "AUT", AUTOMATICA: "AUT", AUTOMATIC: "AUT",
  AT: "AUT", TA: "AUT", AUTOMATICTRANSMISSION: "AUT",
  STD: "STD", ESTANDAR: "STD", ESTANDARD: "STD", STANDARD: "STD", MANUAL: "STD", TM: "STD", MT: "STD", MAN: "STD",
  EST: "STD", MEC: "STD", MECANICA: "STD", MECANICO: "STD",
  // traction
  "2WD": "4X2", FWD: "4X2", RWD: "4X2", "4X2": "4X2", "4WD": "4X4", "4X4": "4X4", AWD: "AWD", "4MOTION": "AWD",
  QUATTRO: "AWD", XDRIVE: "AWD", "4MATIC": "AWD",
  // cab
  DC: "DC", CS: "CS", CHASIS: "CHASIS", CHASSIS: "CHASIS",
  // fuel
  DIESEL: "DIESEL", DSL: "DIESEL", DIESSEL: "DIESEL", GASOLINA: "GASOLINA", GAS: "GASOLINA", GASOLINE: "GASOLINA",
  HIBRIDO: "HIBRIDO", HYBRID: "HIBRIDO", HEV: "HIBRIDO", HIB: "HIBRIDO", ELECTRICO: "ELECTRICO", ELECTRIC: "ELECTRICO",
  EV: "ELECTRICO", BEV: "ELECTRICO",
  // body
  HB: "HB", HATCHBACK: "HB", HATCH: "HB", SEDAN: "SEDAN", SDN: "SEDAN", PICKUP: "PICKUP", PU: "PICKUP",
  COUPE: "COUPE", CPE: "COUPE", CONVERTIBLE: "CONVERTIBLE", CONV: "CONVERTIBLE", CABRIO: "CONVERTIBLE",
  CABRIOLET: "CONVERTIBLE", WAGON: "WAGON", VAGONETA: "WAGON", SW: "WAGON", MINIVAN: "VAN", VAN: "VAN",
  SUV: "SUV",
  // equipment
  AC: "AC", PIEL: "PIEL", LEATHER: "PIEL", QC: "QC", SUNROOF: "QC", QUEMACOCOS: "QC", NAVI: "NAVI", NAV: "NAVI",
  GPS: "NAVI", NAVEGADOR: "NAVI", BA: "BA", AIRBAGS: "BA", ABS: "ABS", EE: "EE", RA: "RA", PAQSEG: "PAQSEG",
  TURBO: "TURBO", TBO: "TURBO",
  // common trim abbreviations
  LTD: "LIMITED", LIMITED: "LIMITED", LTDA: "LIMITED", PLAT: "PLATINUM", PLATINUM: "PLATINUM", ADV: "ADVANCE",
  ADVANCE: "ADVANCE", EXC: "EXCLUSIVE", EXCL: "EXCLUSIVE", EXCLUSIVE: "EXCLUSIVE", SPT: "SPORT", SPORTS: "SPORT",
  SPORT: "SPORT", PREM: "PREMIUM", PREMIUM: "PREMIUM",
};

/** Tokens implied by another token (a CVT is an automatic, a TDI is a diesel). */
const IMPLIED: Record<string, string[]> = {
  CVT: ["AUT"], DSG: ["AUT"], TIPTRONIC: ["AUT"], STEPTRONIC: ["AUT"], DCT: ["AUT"], PDK: ["AUT"],
  TDI: ["DIESEL"], CRDI: ["DIESEL"],
};

/** Brand aliases: key (normalized brand, spaces removed) → canonical brand key. */
export const BRAND_ALIASES: Record<string, string> = {
  VW: "VOLKSWAGEN", VOLKS: "VOLKSWAGEN", VOLKSWAGEN: "VOLKSWAGEN", VOLSKWAGEN: "VOLKSWAGEN",
  CHEVY: "CHEVROLET", GM: "CHEVROLET", CHEV: "CHEVROLET", CHEVROLET: "CHEVROLET", GENERALMOTORS: "CHEVROLET",
  MB: "MERCEDESBENZ", MERCEDES: "MERCEDESBENZ", MERCEDESBENZ: "MERCEDESBENZ", BENZ: "MERCEDESBENZ", MBENZ: "MERCEDESBENZ",
  NISSAN: "NISSAN", NISAN: "NISSAN", DATSUN: "NISSAN",
  TOYOTA: "TOYOTA", TOY: "TOYOTA",
  HONDA: "HONDA", MAZDA: "MAZDA", KIA: "KIA", HYUNDAI: "HYUNDAI", HYUNDAY: "HYUNDAI", HUNDAI: "HYUNDAI",
  FORD: "FORD", DODGE: "DODGE", RAM: "RAM", CHRYSLER: "CHRYSLER", JEEP: "JEEP",
  MITSU: "MITSUBISHI", MITSUBISHI: "MITSUBISHI", SEAT: "SEAT", AUDI: "AUDI", BMW: "BMW", RENAULT: "RENAULT",
  PEUGEOT: "PEUGEOT", PEUGOT: "PEUGEOT", SUZUKI: "SUZUKI", SUBARU: "SUBARU", FIAT: "FIAT", VOLVO: "VOLVO",
  MINI: "MINI", GMC: "GMC", BUICK: "BUICK", CADILLAC: "CADILLAC", LINCOLN: "LINCOLN", ACURA: "ACURA",
  INFINITI: "INFINITI", LR: "LANDROVER", LANDROVER: "LANDROVER", ALFA: "ALFAROMEO", ALFAROMEO: "ALFAROMEO",
  ISUZU: "ISUZU", HINO: "HINO", INTERNATIONAL: "INTERNATIONAL", FREIGHTLINER: "FREIGHTLINER",
  TESLA: "TESLA", BYD: "BYD", JAC: "JAC", CHIREY: "CHIREY", MG: "MG", GREATWALL: "GREATWALL", JETOUR: "JETOUR",
  OMODA: "OMODA", CUPRA: "CUPRA", PORSCHE: "PORSCHE", JAGUAR: "JAGUAR", LEXUS: "LEXUS", CHANGAN: "CHANGAN",
  GEELY: "GEELY", MOTORNATION: "MOTORNATION", FOTON: "FOTON", BAIC: "BAIC",
};

/** Canonical tokens (AUT, STD, DC, AC…): a Roman numeral after one of them numbers nothing. */
const ALIAS_VALUES = new Set(Object.values(TOKEN_ALIASES));

/** Words that carry no vehicle information in broker descriptions. */
export const NOISE_WORDS = new Set([
  "DE", "LA", "EL", "Y", "CON", "SIN", "PARA", "EN", "THE", "AND", "WITH", "OF",
  "COLOR", "BLANCO", "NEGRO", "ROJO", "GRIS", "PLATA", "AZUL", "WHITE", "BLACK", "SILVER", "RED", "GRAY",
  "NUEVO", "NUEVA", "USADO", "SEMINUEVO", "FACTURA", "UNIDAD", "VEHICULO", "AUTOMOVIL",
  "MARCA", "TIPO", "VERSION", "MOD", "MODELO", "ANO", "YEAR", "USO", "PARTICULAR", "NO", "NUM", "TRANS", "TRANSMISION",
]);

/**
 * Normalize free text to canonical tokens: upper-case, accents removed, phrases and abbreviations
 * expanded to canonical tokens, hyphenated names joined (CR-V → CRV), punctuation dropped.
 */
export function normalizeTokens(input: string): string[] {
  // abbreviation dots ("CAB. SENC.", "AUT.") become spaces; decimal points (1.6) stay
  let s = basicUpper(input).replace(/([A-Z])\./g, "$1 ");
  // a model year a spreadsheet kept as a number and a broker's file wrote back as text: 2019.0 → 2019
  if (/\d[.,]0/.test(s)) s = s.replace(/\b((?:19|20)\d{2})[.,]0+\b/g, "$1");
  for (const [re, rep, hint] of PHRASES) if (hint.test(s)) s = s.replace(re, rep);
  // join hyphen/slash-separated alphanumerics inside names: CR-V → CRV, F-150 → F150
  s = s.replace(/([A-Z0-9])[-_]([A-Z0-9])/g, "$1$2").replace(/([A-Z0-9])[-_]([A-Z0-9])/g, "$1$2");
  // drop punctuation except the decimal point inside displacement tokens (1.6L)
  s = s.replace(/(\d)\.(\d)/g, "$1\u0000$2").replace(/[^A-Z0-9\u0000 ]+/g, " ").replace(/\u0000/g, ".");
  const out: string[] = [];
  for (const raw of s.split(" ")) {
    if (!raw) continue;
    const t = TOKEN_ALIASES[raw] ?? raw;
    // a trim numbered with a Roman numeral, written apart or glued (GS I, GS II, GSII), is the same trim numbered in
    // Arabic (GS1, GS2): catalogs and brokers write both. A single glued I stays (GSI, GLI, LXI are trims of their own).
    const prev = out[out.length - 1];
    if (ROMAN[t] && prev && /^[A-Z]{2,3}$/.test(prev) && !NOISE_WORDS.has(prev) && !ALIAS_VALUES.has(prev)) {
      out[out.length - 1] = `${prev}${ROMAN[t]}`;
      continue;
    }
    const glued = /^([A-Z]{2,3}?)(III|II)$/.exec(t);
    if (glued && !TOKEN_ALIASES[t]) {
      out.push(`${glued[1]}${ROMAN[glued[2]]}`);
      continue;
    }
    out.push(t);
    const implied = IMPLIED[t];
    if (implied) out.push(...implied);
  }
  return out;
}

export function normalizeText(input: string): string {
  return normalizeTokens(input).join(" ");
}

/** Key used for brand and model lookup: normalized text with spaces removed. */
export function nameKey(input: string): string {
  return normalizeTokens(input).join("");
}

export function brandKeyOf(input: string): string {
  const key = nameKey(input);
  return BRAND_ALIASES[key] ?? key;
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), capped. */
export function editDistance(a: string, b: string, max = 3): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: lb + 1 }, (_, j) => j);
  for (let i = 1; i <= la; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= lb; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[lb];
}

/** Edit distance allowed for a fuzzy (typo) match of a word of this length. */
export function typoBudget(len: number): number {
  if (len >= 8) return 2;
  if (len >= 4) return 1;
  return 0;
}

/** Character trigrams of a string padded with spaces (used by the naive baseline and model lookup). */
export function trigrams(s: string): string[] {
  const p = `  ${s} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= p.length; i++) out.add(p.slice(i, i + 3));
  return [...out];
}
