/**
 * Offline vehicle matcher: broker row → catalog code with a calibrated confidence, or an abstention.
 *
 * Steps: normalize → resolve brand (brand-lookup.ts: column, alias, maker group, description, or from the model) → resolve model
 * (model-lookup.ts: exact, word order, typo, partial, trim-as-model) → resolve year (column, description marker,
 * VIN) → candidates = entries of brand+model+year → score version tokens and attributes → confidence
 * from identification quality, match quality and separation from the runner-up, calibrated (calibration.ts).
 */
import {
  attributeConflicts,
  attributesFromTokens,
  defaultMaxYear,
  findYearInTokens,
  isVin,
  rewriteApostropheYears,
  yearFromValue,
  yearFromVin,
  type VehicleAttributes,
} from "./attributes";
import { resolveBrand } from "./brand-lookup";
import { calibrate, type CalibrationMap } from "./calibration";
import { DEFAULT_CALIBRATION } from "./calibration-map";
import type { CatalogIndex } from "./catalog-index";
import { describeModelReading, resolveModel } from "./model-lookup";
import { BODY_WORDS, modelPrior, splitMakerPrefix } from "./model-prior";
import { basicUpper, BRAND_ALIASES, NOISE_WORDS, normalizeText, normalizeTokens } from "./text";
import { fallbackCandidates, round, scoreGroup, toCandidate } from "./version-scoring";

export interface FleetRowInput {
  brand?: string | null;
  model?: string | null;
  year?: string | number | null;
  version?: string | null;
  description?: string | null;
  vin?: string | null;
}

export type MatchDecision = "auto" | "review" | "no_match";

export interface MatchThresholds {
  /** Confidence at or above which a code is accepted without review (default 0.9). */
  auto: number;
  /** Confidence at or above which the best code is proposed for review; below it the matcher abstains (default 0.5). */
  review: number;
}

export const DEFAULT_THRESHOLDS: MatchThresholds = { auto: 0.9, review: 0.5 };

/** Confidence given when brand, model and year are certain but several versions fit equally. */
const FAMILY_CERTAIN = 0.5;

export interface MatchOptions {
  thresholds?: Partial<MatchThresholds>;
  /** Learned corrections: fleetRowKey(row) → code. Used before anything else. */
  aliases?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  /** Latest acceptable model year (default current year + 1). */
  maxYear?: number;
  /** Map from raw score to calibrated confidence (default: the fitted map in calibration-map.ts; null = raw score). */
  calibration?: CalibrationMap | null;
}

export interface MatchCandidate {
  code: string;
  score: number;
  description: string;
  year: number;
  /** Catalog tokens of this candidate that the row does not mention. */
  diffTokens: string[];
  /** Row tokens this candidate does not have. */
  rowOnlyTokens: string[];
  /** How the candidate was found when not by the offline index ("embedding": nearest in meaning). */
  via?: "embedding";
}

export interface ParsedAttributes extends VehicleAttributes {
  brand?: string;
  model?: string;
  year?: number;
  yearSource?: "column" | "description" | "vin";
  vin?: string;
  /** Version words left after brand, model and year were taken out. */
  trim: string[];
}

export interface MatchResult {
  code: string | null;
  confidence: number;
  decision: MatchDecision;
  candidates: MatchCandidate[];
  attributes: ParsedAttributes;
  /** Why the matcher abstained or lowered its confidence. */
  reason?: string;
  /** How the row was read where it was not read literally, for the reviewer ("year 2021 from \"MOD21\" in the description"). */
  readings?: string[];
  /** True when the code came from a learned reviewer correction. */
  learned?: boolean;
  /** Why there is no code, when the matcher abstained for a reason a lookup by meaning could help with or not. */
  abstained?: "brand_absent" | "model_unknown" | "year_not_offered";
}

/** Key under which reviewer corrections are remembered: the row's normalized brand/model/year/description. */
export function fleetRowKey(row: FleetRowInput): string {
  const parts = [row.brand, row.model, row.year, row.version, row.description].map((p) => (p === null || p === undefined ? "" : String(p)));
  return normalizeText(parts.join(" "));
}

/** Brand and model cells repeat down a fleet list: remember their tokens (bounded). */
const columnTokenCache = new Map<string, string[]>();
function columnTokens(value: string): string[] {
  let t = columnTokenCache.get(value);
  if (!t) {
    if (columnTokenCache.size > 5000) columnTokenCache.clear();
    t = normalizeTokens(value);
    columnTokenCache.set(value, t);
  }
  return t.slice();
}

function lookupAlias(aliases: MatchOptions["aliases"], key: string): string | undefined {
  if (!aliases) return undefined;
  if (aliases instanceof Map) return aliases.get(key);
  return (aliases as Record<string, string>)[key];
}

function decide(confidence: number, t: MatchThresholds): MatchDecision {
  if (confidence >= t.auto) return "auto";
  if (confidence >= t.review) return "review";
  return "no_match";
}

/** Match one broker row against the catalog index. */
export function matchRow(index: CatalogIndex, row: FleetRowInput, options: MatchOptions = {}): MatchResult {
  const thresholds: MatchThresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const maxYear = options.maxYear ?? defaultMaxYear();
  const yearOpts = { maxYear };

  const learnedCode = options.aliases ? lookupAlias(options.aliases, fleetRowKey(row)) : undefined;
  const learnedEntry = learnedCode !== undefined ? index.byCode.get(learnedCode) : undefined;

  const descUpper = rewriteApostropheYears(basicUpper([row.version, row.description].filter(Boolean).join(" ")));
  const descTokens = normalizeTokens(descUpper);
  let colTokens = columnTokens(String(row.model ?? ""));
  const attributes: ParsedAttributes = { trim: [] };

  // VIN: column or a 17-character token in the description
  let vin: string | undefined;
  const vinCol = (row.vin ?? "").toString().trim().toUpperCase().replace(/[\s-]/g, "");
  if (vinCol && isVin(vinCol)) vin = vinCol;
  const vinTokenIdx = descTokens.findIndex((t) => isVin(t));
  if (!vin && vinTokenIdx >= 0) vin = descTokens[vinTokenIdx];
  if (vin) attributes.vin = vin;

  const brandRes = resolveBrand(index, String(row.brand ?? ""), descTokens);
  if (brandRes.extraTokens?.length) colTokens = [...brandRes.extraTokens, ...colTokens];
  colTokens = splitMakerPrefix(index, brandRes.searchKeys, colTokens);
  // brand words in the description may also start a model name (RAM 1500, MAZDA 3): they stay available to it
  const descSkip = new Set<number>();
  if (vinTokenIdx >= 0) descSkip.add(vinTokenIdx);
  const readings: string[] = [];

  const finish = (r: Omit<MatchResult, "attributes" | "decision"> & { decision?: MatchDecision }): MatchResult => {
    if (learnedEntry) {
      const e = learnedEntry.entry;
      return {
        code: e.code,
        confidence: 1,
        decision: "auto",
        learned: true,
        reason: "learned from a reviewer correction",
        attributes,
        candidates: [
          { code: e.code, score: 1, description: e.description, year: e.year, diffTokens: [], rowOnlyTokens: [] },
          ...r.candidates.filter((c) => c.code !== e.code).slice(0, 4),
        ],
      };
    }
    const confidence = round(r.confidence);
    const decision = r.decision ?? decide(confidence, thresholds);
    const reason = [r.reason, ...readings].filter(Boolean).join("; ") || undefined;
    return { ...r, reason, readings: readings.length ? readings : undefined, confidence, decision, code: decision === "no_match" ? null : r.code, attributes };
  };

  let modelRes = brandRes.absentName ? null : resolveModel(index, brandRes.searchKeys, colTokens, descTokens, descSkip, true, brandRes.readAs === "maker");
  let brandKey = brandRes.key;
  let brandQuality = brandRes.quality;
  if (brandRes.absentName && (brandRes.fromDescription || brandRes.unknownWord)) {
    // a first word like CUPRA names a brand the catalog lacks, or a trim of a model it has (SEAT IBIZA CUPRA)
    modelRes = resolveModel(index, [], colTokens, descTokens, descSkip, false);
    if (modelRes) brandQuality = brandRes.fromDescription ? 0.9 : 0.7;
  }
  if (brandRes.absentName && !modelRes) {
    attributes.brand = brandRes.absentName;
    return finish({ code: null, confidence: 0, decision: "no_match", candidates: [], reason: `brand ${brandRes.absentName} is not in the catalog`, abstained: "brand_absent" });
  }
  if (!brandKey && modelRes) {
    brandKey = modelRes.model.brandKey;
    const shared = (index.modelsByKey.get(modelRes.model.key) ?? []).length;
    if (!brandRes.absentName) brandQuality = shared > 1 ? 0.6 : 0.98;
  } else if (brandKey && modelRes && modelRes.model.brandKey !== brandKey) {
    // the model is sold under another brand of the same maker (GENERAL MOTORS YUKON → GMC)
    if (brandRes.readAs !== "maker") {
      brandQuality *= 0.92;
      readings.push(`${modelRes.model.name} is a ${index.brands.get(modelRes.model.brandKey)?.name}, not a ${index.brands.get(brandKey)?.name}`);
    }
    brandKey = modelRes.model.brandKey;
  }
  if (brandKey) attributes.brand = index.brands.get(brandKey)?.name;
  if (brandRes.readAs === "maker" && attributes.brand) readings.push(`brand ${attributes.brand} from the maker name "${brandRes.written}"`);
  else if (brandRes.readAs === "typo" && attributes.brand) readings.push(`brand "${brandRes.written}" read as ${attributes.brand}`);
  for (const i of brandRes.usedDescTokens) if (!modelRes?.descSpan.has(i)) descSkip.add(i);
  const modelReading = modelRes ? describeModelReading(modelRes) : undefined;
  if (modelReading) readings.push(modelReading);

  // year: column, then description, then VIN
  let year: number | undefined;
  let yearTokens: number[] = [];
  let yearQuality = 1;
  const colYear = yearFromValue(row.year ?? null, yearOpts);
  if (colYear !== null) {
    year = colYear;
    attributes.yearSource = "column";
  }
  const skipForYear = new Set<number>([...descSkip, ...(modelRes?.descSpan ?? [])]);
  const knownWord = (t: string) => index.vocabulary.has(t) || index.modelsByKey.has(t) || index.brands.has(t);
  const found = findYearInTokens(descTokens, skipForYear, yearOpts, knownWord);
  if (found) {
    yearTokens = found.tokenIndexes;
    if (year === undefined) {
      year = found.year;
      attributes.yearSource = "description";
      if (found.fuzzyMarker) yearQuality = 0.97;
      readings.push(`year ${year} from "${found.text}" in the description${found.fuzzyMarker ? " (misspelt marker)" : ""}`);
    } else if (found.year !== year) {
      yearQuality = 0.9;
      readings.push(`the year column says ${year}, the description "${found.text}"`);
    }
  }
  // a year written into the model column ("JETTA 2019", "NP300 MOD 21")
  let colYearTokens: number[] = [];
  if (year === undefined && colTokens.length) {
    const inCol = findYearInTokens(colTokens, new Set(modelRes?.colSpan ?? []), yearOpts, knownWord);
    if (inCol) {
      year = inCol.year;
      colYearTokens = inCol.tokenIndexes;
      attributes.yearSource = "description";
      readings.push(`year ${year} from "${inCol.text}" in the model column`);
    }
  }
  if (year === undefined && vin) {
    const vy = yearFromVin(vin, yearOpts);
    if (vy !== null) {
      year = vy;
      attributes.yearSource = "vin";
      yearQuality = 0.97;
      readings.push(`year ${year} from the VIN`);
    }
  }
  if (year !== undefined) attributes.year = year;

  // residual version tokens
  const drop = new Set<number>([...descSkip, ...(modelRes?.descSpan ?? []), ...yearTokens]);
  const modelNameTokens = new Set((modelRes?.models ?? []).flatMap((m) => m.nameTokens));
  const modelKeys = new Set((modelRes?.models ?? []).map((m) => m.key));
  const residual: string[] = [];
  const pushToken = (t: string) => {
    if (NOISE_WORDS.has(t) || modelNameTokens.has(t) || modelKeys.has(t) || isVin(t)) return;
    if (brandKey && (BRAND_ALIASES[t] ?? t) === brandKey) return;
    if (/^\d{4}$/.test(t) && yearFromValue(t, yearOpts) !== null) return;
    if (!residual.includes(t)) residual.push(t);
  };
  // model-column words beside an exactly named model that the catalog does not know (GRAND VITARA where it has VITARA)
  const colExtra: string[] = [];
  colTokens.forEach((t, i) => {
    if (modelRes?.colSpan.has(i) || colYearTokens.includes(i) || t === "MOD" || t === "MODELO") return;
    pushToken(t);
    if (modelRes && (modelRes.how === "exact" || modelRes.how === "family") && /^[A-Z]{3,}$/.test(t) && !index.brands.get(modelRes.model.brandKey)?.tokenModels.has(t) && !NOISE_WORDS.has(t) && !BODY_WORDS.has(t)) colExtra.push(t);
  });
  descTokens.forEach((t, i) => {
    if (!drop.has(i)) pushToken(t);
  });
  const rowAttrs = attributesFromTokens(residual);
  Object.assign(attributes, rowAttrs);
  attributes.trim = residual;

  if (!modelRes || !brandKey) {
    const why = brandKey ? `model not found among ${attributes.brand} models in the catalog` : "neither brand nor model found in the catalog";
    if (row.model) attributes.model = String(row.model).trim().toUpperCase();
    const candidates = brandKey ? fallbackCandidates(index, brandKey, residual, year) : [];
    return finish({ code: null, confidence: 0, decision: "no_match", candidates, reason: why, abstained: "model_unknown" });
  }
  const model = modelRes.model;
  attributes.model = model.name;

  let group: number[];
  let reason: string | undefined;
  if (year !== undefined) {
    group = modelRes.models.flatMap((m) => m.byYear.get(year!) ?? []);
    if (!group.length) {
      const years = [...model.byYear.keys()].sort((a, b) => a - b);
      const nearest = years.reduce((b, y) => (Math.abs(y - year!) < Math.abs(b - year!) ? y : b), years[0]);
      const near = scoreGroup(index, model.byYear.get(nearest) ?? [], residual, rowAttrs);
      const nearCandidates = near.scored.slice(0, 5).map((c) => toCandidate(c, near));
      return finish({
        code: null,
        confidence: 0,
        decision: "no_match",
        candidates: nearCandidates,
        reason: `year ${year} is not offered for ${attributes.brand} ${model.name} (catalog has ${years[0]}–${years[years.length - 1]})`,
        abstained: "year_not_offered",
      });
    }
  } else {
    group = modelRes.models.flatMap((m) => m.all);
    yearQuality = 0.55;
    reason = "model year not found in the row";
  }

  // a name the row wrote exactly is likelier than the longer names it is part of (KICKS over KICKS E-POWER)
  const prior = modelPrior(modelRes.how, modelRes.models, model, new Set([...colTokens, ...descTokens]));
  const groupScore = scoreGroup(index, group, residual, rowAttrs, prior);
  const { scored, unknown } = groupScore;
  const top = scored[0];
  if (modelRes.models.length > 1 && top.ie.modelKey !== model.key) attributes.model = index.brands.get(top.ie.brandKey)?.models.get(top.ie.modelKey)?.name ?? model.name;
  const unknownWords = unknown.filter((t) => !/^\d+$/.test(t) && t.length > 1);
  const unknownPenalty = Math.pow(0.93, Math.min(unknownWords.length, 5)) * Math.pow(0.5, colExtra.length);
  const topConflicts = top.conflicts ? attributeConflicts(rowAttrs, top.ie.attrs) : [];
  const conflictPenalty = Math.pow(0.3, topConflicts.length);
  const identification = brandQuality * modelRes.quality * yearQuality;
  let confidence = identification * top.score * unknownPenalty * conflictPenalty;
  if (topConflicts.length) reason = `differs from the best candidate in ${topConflicts.join(", ")}`;
  else if (colExtra.length) reason = reason ?? `the model column says ${[...colExtra, model.name].join(" ")}; the catalog has ${model.name}`;
  else if (unknownWords.length) reason = reason ?? `words not in the catalog for this vehicle: ${unknownWords.join(" ")}`;
  if (top.score < 0.6) reason = reason ?? "several catalog versions fit the description";
  // the vehicle family (brand, model, year) is certain: a reviewer should see it rather than an abstention
  const familyCertain = !topConflicts.length && !colExtra.length && identification >= 0.85;
  if (familyCertain && confidence < FAMILY_CERTAIN) confidence = FAMILY_CERTAIN;
  const map = options.calibration === undefined ? DEFAULT_CALIBRATION : options.calibration;
  // rows of a kind the calibration set has none of (a brand column that names no brand, a brand guessed from a model
  // several brands sell) keep their raw score when it is lower: calibration may only lower their confidence
  const uncalibratedKind = brandQuality <= 0.7;
  const raw = confidence;
  if (map) confidence = uncalibratedKind ? Math.min(confidence, calibrate(map, confidence)) : calibrate(map, confidence);
  // calibrated, such a row may fall under the review threshold: it still goes to review, with its honest confidence
  const decision = familyCertain && round(confidence) < thresholds.review && round(raw) >= thresholds.review ? "review" : undefined;
  return finish({ code: top.ie.entry.code, confidence, decision, candidates: scored.slice(0, 5).map((c) => toCandidate(c, groupScore)), reason });
}

/** Match many rows; same options for all. */
export function matchRows(index: CatalogIndex, rows: readonly FleetRowInput[], options: MatchOptions = {}): MatchResult[] {
  return rows.map((r) => matchRow(index, r, options));
}

