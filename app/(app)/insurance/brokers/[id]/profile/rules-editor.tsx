"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { defaultMaxYear } from "@/lib/insurance/attributes";
import { FIELD_LABELS, FLEET_FIELDS, type FleetField } from "@/lib/insurance/fields";
import {
  addAllowedValues,
  ALLOWED_VALUE_FIELDS,
  fieldsWithRules,
  MAX_SAMPLE_VALUES,
  normalizeRuleValue,
  valueMapRow,
  VALUE_MAP_FIELDS,
  type FieldRules,
  type RuleProblem,
  type RulesDraft,
  type SampleValue,
} from "./profile-rules";

/** A red ring for a bad entry (the input's own border colour cannot be overridden by a later class). */
const INVALID = "ring-1 ring-red-500";

export interface SampleValues {
  byField: Partial<Record<FleetField, { values: SampleValue[]; repeats: boolean }>>;
  /** Rows the values were taken from, and how many the sample has in all. */
  rowsSeen: number;
  totalRows: number;
}

/**
 * Wizard step 3's value rules: normalization switches, the two-digit-year pivot, and per field the value
 * replacements (from → to) and allowed values. Every change goes to the parent, which re-runs the preview.
 * A field's section opens when it already has rules, when the user adds it, or when its column repeats a
 * few values in the sample (those values are offered as one-click replacements or allowed values).
 */
export function RulesEditor({
  rules,
  onChange,
  problems,
  warnings,
  sample,
  mappedFields,
}: {
  rules: RulesDraft;
  onChange: (update: (d: RulesDraft) => RulesDraft) => void;
  problems: RuleProblem[];
  warnings: RuleProblem[];
  sample: SampleValues | null;
  mappedFields: FleetField[];
}) {
  const [opened, setOpened] = useState<FleetField[]>(() => fieldsWithRules(rules));
  const [pendingAllowed, setPendingAllowed] = useState<Partial<Record<FleetField, string>>>({});
  const [notes, setNotes] = useState<Partial<Record<FleetField, string>>>({});
  const [focusKey, setFocusKey] = useState<number | null>(null);

  const open = (f: FleetField) => setOpened((o) => (o.includes(f) ? o : [...o, f]));
  const updateField = (f: FleetField, fn: (r: FieldRules) => FieldRules) => {
    open(f);
    onChange((d) => ({ ...d, fields: { ...d.fields, [f]: fn(d.fields[f] ?? { maps: [], allowed: [] }) } }));
  };
  /** Typed text (comma-separated) or a sample value taken whole. */
  const commitAllowed = (f: FleetField, text: string | [string]) => {
    if (typeof text === "string" && !text.trim()) return;
    const res = addAllowedValues(rules.fields[f]?.allowed ?? [], text, rules);
    if (res.added.length) updateField(f, (r) => ({ ...r, allowed: addAllowedValues(r.allowed, text, rules).allowed }));
    if (typeof text === "string") setPendingAllowed((p) => ({ ...p, [f]: "" }));
    setNotes((n) => ({ ...n, [f]: res.duplicates.length ? `${FIELD_LABELS[f]}: ${res.duplicates.map((v) => `“${v}”`).join(", ")} ${res.duplicates.length > 1 ? "are" : "is"} already allowed.` : "" }));
  };
  const startMap = (f: FleetField, from: string) => {
    const row = valueMapRow(from, "");
    setFocusKey(row.key);
    updateField(f, (r) => ({ ...r, maps: [...r.maps, row] }));
  };

  const withRules = fieldsWithRules(rules);
  const categorical = mappedFields.filter((f) => ALLOWED_VALUE_FIELDS.includes(f) && sample?.byField[f]?.repeats);
  const shown = FLEET_FIELDS.filter((f) => withRules.includes(f) || opened.includes(f) || categorical.includes(f));
  const addable = ALLOWED_VALUE_FIELDS.filter((f) => !shown.includes(f));
  const pivotDefault = defaultMaxYear() % 100;
  const pivotTyped = /^\d{1,2}$/.test(rules.pivot.trim()) ? Number(rules.pivot.trim()) : null;
  const pivot = pivotTyped ?? pivotDefault;
  const pivotProblem = problems.find((p) => p.field === "pivot");
  const two = (n: number) => String(n).padStart(2, "0");

  return (
    <div data-testid="rules-editor">
      <div className="grid gap-4 md:grid-cols-2">
        <fieldset>
          <legend className="mb-1 block text-sm font-medium text-slate-700">Before values are compared and saved</legend>
          <div className="flex flex-wrap gap-4 text-sm">
            {(
              [
                ["trim", "Trim and collapse spaces"],
                ["upper", "Upper case"],
                ["stripAccents", "Remove accents"],
              ] as const
            ).map(([k, label]) => (
              <label key={k} className="inline-flex items-center gap-1.5">
                <input type="checkbox" checked={rules[k]} onChange={() => onChange((d) => ({ ...d, [k]: !d[k] }))} />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
        <Field id="wiz-pivot" label="Two-digit-year pivot">
          <div className="flex items-center gap-2">
            <div className="w-20 shrink-0">
              <Input
                id="wiz-pivot"
                inputMode="numeric"
                placeholder={two(pivotDefault)}
                value={rules.pivot}
                aria-invalid={pivotProblem ? true : undefined}
                aria-describedby="wiz-pivot-help"
                className={pivotProblem ? INVALID : ""}
                onChange={(e) => onChange((d) => ({ ...d, pivot: e.target.value }))}
              />
            </div>
            <span id="wiz-pivot-help" className="text-xs text-slate-600">
              {pivotProblem ? (
                <span className="text-red-700">{pivotProblem.message}</span>
              ) : (
                <>
                  “{two(pivot)}” → 20{two(pivot)}
                  {pivot < 99 && `, “${two(pivot + 1)}” → 19${two(pivot + 1)}`}
                  {pivotTyped === null && " (default: next year)"}
                </>
              )}
            </span>
          </div>
        </Field>
      </div>

      <div className="mt-4 space-y-3">
        {shown.length === 0 && <p className="text-sm text-slate-600">No value rules yet. Add replacements or allowed values for a field below.</p>}
        {shown.map((f) => {
          const label = FIELD_LABELS[f];
          const r = rules.fields[f] ?? { maps: [], allowed: [] };
          const s = sample?.byField[f];
          const fieldProblems = problems.filter((p) => p.field === f);
          const fieldWarnings = warnings.filter((p) => p.field === f);
          const mappedKeys = new Set(r.maps.map((m) => normalizeRuleValue(m.from, rules)));
          const allowedKeys = new Set(r.allowed.map((a) => normalizeRuleValue(a, rules)));
          const showMaps = VALUE_MAP_FIELDS.includes(f) || r.maps.length > 0;
          const inputId = `wiz-allowed-${f}`;
          return (
            <section key={f} aria-label={`Rules for ${label}`} data-testid={`rules-${f}`} className="rounded-md border border-slate-200 p-3">
              <div className="flex items-center justify-between gap-2">
                <h3 className="text-sm font-semibold text-slate-800">{label}</h3>
                {(r.maps.length > 0 || r.allowed.length > 0) && (
                  <Button variant="ghost" size="sm" aria-label={`Clear the rules for ${label}`} onClick={() => updateField(f, () => ({ maps: [], allowed: [] }))}>
                    Clear
                  </Button>
                )}
              </div>
              {!mappedFields.includes(f) && <p className="mt-1 text-xs text-amber-800">No column is mapped to {label} in this profile, so these rules have no effect until one is.</p>}
              {sample && mappedFields.includes(f) && (
                <div className="mt-2 flex flex-wrap items-center gap-1.5 text-xs text-slate-600" data-testid={`sample-values-${f}`}>
                  {s ? (
                    <>
                      <span>In the sample{sample.rowsSeen < sample.totalRows ? ` (first ${sample.rowsSeen} of ${sample.totalRows} rows)` : ""}:</span>
                      {s.values.map((v) => {
                        const k = normalizeRuleValue(v.value, rules);
                        return (
                          <span key={v.value} className="inline-flex items-center gap-1 rounded-full border border-slate-200 bg-slate-50 py-0.5 pl-2 pr-1">
                            <span className="font-medium text-slate-800">{v.value}</span>
                            <span className="text-slate-400">×{v.count}</span>
                            <button
                              type="button"
                              className="rounded px-1 text-blue-700 hover:bg-blue-50 disabled:text-slate-400"
                              aria-label={`Replace ${v.value} (${label})`}
                              title={mappedKeys.has(k) ? "Already replaced" : `Start a replacement for ${v.value}`}
                              disabled={mappedKeys.has(k)}
                              onClick={() => startMap(f, v.value)}
                            >
                              replace
                            </button>
                            <button
                              type="button"
                              className="rounded px-1 text-blue-700 hover:bg-blue-50 disabled:text-slate-400"
                              aria-label={`Allow ${v.value} (${label})`}
                              title={allowedKeys.has(k) ? "Already allowed" : `Add ${v.value} to the allowed values`}
                              disabled={allowedKeys.has(k)}
                              onClick={() => commitAllowed(f, [v.value])}
                            >
                              allow
                            </button>
                          </span>
                        );
                      })}
                    </>
                  ) : (
                    <span>More than {MAX_SAMPLE_VALUES} different values in the sample.</span>
                  )}
                </div>
              )}
              <div className={`mt-3 grid gap-4 ${showMaps ? "md:grid-cols-2" : ""}`}>
                {showMaps && (
                  <div>
                    <p className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">Replace values (from → to)</p>
                    {r.maps.length === 0 && <p className="text-xs text-slate-500">No replacements.</p>}
                    {r.maps.map((row, i) => {
                      const bad = fieldProblems.filter((p) => p.rowKey === row.key);
                      return (
                        <div key={row.key} className="mb-1 flex items-center gap-1">
                          <Input
                            aria-label={`${label} replacement ${i + 1}: from`}
                            placeholder="from"
                            value={row.from}
                            aria-invalid={bad.some((p) => p.part === "from") ? true : undefined}
                            className={bad.some((p) => p.part === "from") ? INVALID : ""}
                            onChange={(e) => updateField(f, (x) => ({ ...x, maps: x.maps.map((m) => (m.key === row.key ? { ...m, from: e.target.value } : m)) }))}
                          />
                          <span aria-hidden className="text-slate-400">
                            →
                          </span>
                          <Input
                            aria-label={`${label} replacement ${i + 1}: to`}
                            placeholder="to"
                            value={row.to}
                            autoFocus={focusKey === row.key}
                            aria-invalid={bad.some((p) => p.part === "to") ? true : undefined}
                            className={bad.some((p) => p.part === "to") ? INVALID : ""}
                            onChange={(e) => updateField(f, (x) => ({ ...x, maps: x.maps.map((m) => (m.key === row.key ? { ...m, to: e.target.value } : m)) }))}
                          />
                          <Button
                            variant="ghost"
                            size="sm"
                            aria-label={`Remove ${label} replacement ${i + 1}`}
                            onClick={() => updateField(f, (x) => ({ ...x, maps: x.maps.filter((m) => m.key !== row.key) }))}
                          >
                            ✕
                          </Button>
                        </div>
                      );
                    })}
                    <Button variant="secondary" size="sm" className="mt-1" aria-label={`Add a replacement for ${label}`} onClick={() => startMap(f, "")}>
                      Add a replacement
                    </Button>
                  </div>
                )}
                <div>
                  <p className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">Allowed values</p>
                  {r.allowed.length === 0 ? (
                    <p className="text-xs text-slate-500">Any value is allowed.</p>
                  ) : (
                    <ul className="mb-1 flex flex-wrap gap-1.5 text-xs" aria-label={`Allowed values for ${label}`}>
                      {r.allowed.map((v, i) => (
                        <li key={`${v}-${i}`} className="inline-flex items-center gap-1 rounded-full bg-brand-50 py-0.5 pl-2 pr-1 text-brand-700">
                          {v}
                          <button
                            type="button"
                            className="rounded px-1 hover:bg-brand-100"
                            aria-label={`Remove allowed value ${v} (${label})`}
                            onClick={() => updateField(f, (x) => ({ ...x, allowed: x.allowed.filter((_, j) => j !== i) }))}
                          >
                            ✕
                          </button>
                        </li>
                      ))}
                    </ul>
                  )}
                  <div className="flex gap-1">
                    <Input
                      id={inputId}
                      aria-label={`Add allowed values for ${label}`}
                      placeholder="comma-separated, e.g. PARTICULAR, CARGA"
                      value={pendingAllowed[f] ?? ""}
                      onChange={(e) => setPendingAllowed((p) => ({ ...p, [f]: e.target.value }))}
                      onKeyDown={(e) => {
                        if (e.key === "Enter") {
                          e.preventDefault();
                          commitAllowed(f, e.currentTarget.value);
                        }
                      }}
                      onBlur={(e) => commitAllowed(f, e.currentTarget.value)}
                    />
                    <Button variant="secondary" size="sm" aria-label={`Add the allowed values for ${label}`} onClick={() => commitAllowed(f, pendingAllowed[f] ?? "")}>
                      Add
                    </Button>
                  </div>
                  {notes[f] && <p className="mt-1 text-xs text-amber-800">{notes[f]}</p>}
                </div>
              </div>
              {(fieldProblems.length > 0 || fieldWarnings.length > 0) && (
                <ul className="mt-2 space-y-0.5 text-xs" data-testid={`rules-problems-${f}`}>
                  {fieldProblems.map((p, i) => (
                    <li key={`p${i}`} role="alert" className="text-red-700">
                      {p.message}
                    </li>
                  ))}
                  {fieldWarnings.map((p, i) => (
                    <li key={`w${i}`} className="text-amber-800">
                      {p.message}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>

      {addable.length > 0 && (
        <Field id="wiz-rules-field" label="Rules for another field" className="mt-3 flex items-center gap-2">
          <div className="w-64">
            <Select
              id="wiz-rules-field"
              value=""
              onChange={(e) => {
                if (e.target.value) open(e.target.value as FleetField);
              }}
            >
              <option value="">Choose a field…</option>
              {addable.map((f) => (
                <option key={f} value={f}>
                  {FIELD_LABELS[f]}
                  {mappedFields.includes(f) ? "" : " (not mapped)"}
                </option>
              ))}
            </Select>
          </div>
        </Field>
      )}
    </div>
  );
}
