"use client";

import { useRouter } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, InputField } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { analyzeProfileSampleAction, saveBrokerProfileAction } from "@/lib/actions/insurance";
import { FIELD_LABELS, type FleetField } from "@/lib/insurance/fields";
import type { BrokerProfile } from "@/lib/insurance/profile";
import { compileRules, rulesDraftFromProfile, type RulesDraft } from "./profile-rules";
import { MappingTable } from "./mapping-table";
import { PreviewRows } from "./preview-rows";
import { RulesEditor } from "./rules-editor";
import { useLivePreview } from "./use-live-preview";
import type { Analysis, Attachment, ColumnChoice } from "./wizard-types";

/**
 * The 3-step broker profile wizard: (1) a sample file or an email attachment, (2) the suggested mapping with
 * confidence and evidence per column, (3) the rows the profile produces, with validation errors by row, and the
 * value rules (normalization, replacements, allowed values) whose effect the preview shows as they are edited →
 * save as the broker's next version (and match the case it was opened from again).
 */
export function ProfileWizard({
  brokerId,
  brokerName,
  attachments,
  initialDocumentId,
  caseId,
  current,
}: {
  brokerId: string;
  brokerName: string;
  attachments: Attachment[];
  initialDocumentId?: string;
  caseId?: string;
  current: { version: number; rules: BrokerProfile } | null;
}) {
  const router = useRouter();
  const [step, setStep] = useState<1 | 2 | 3>(1);
  const [file, setFile] = useState<File | null>(null);
  const [documentId, setDocumentId] = useState(initialDocumentId ?? "");
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [columns, setColumns] = useState<ColumnChoice[]>([]);
  const [sheet, setSheet] = useState("");
  const [headerRow, setHeaderRow] = useState<string>("auto");
  const [required, setRequired] = useState<FleetField[]>([]);
  // The year range and the value rules are not about the file's layout: they start from the current version.
  const [yearMin, setYearMin] = useState(current?.rules.validation.yearRange ? String(current.rules.validation.yearRange.min) : "");
  const [yearMax, setYearMax] = useState(current?.rules.validation.yearRange ? String(current.rules.validation.yearRange.max) : "");
  const [rules, setRules] = useState<RulesDraft>(() => rulesDraftFromProfile(current?.rules));
  const [descriptionFrom, setDescriptionFrom] = useState<string[]>([]);
  /** Bumped for each sample read in step 1, so previews of an earlier file are not taken for this one's. */
  const [sampleVersion, setSampleVersion] = useState(0);
  const { pending, error, setError, run } = useAction();

  const sampleForm = useCallback(
    (profile?: unknown) => {
      const fd = new FormData();
      if (file) fd.set("file", file);
      else if (documentId) fd.set("documentId", documentId);
      if (profile !== undefined) fd.set("profile", JSON.stringify(profile));
      return fd;
    },
    [file, documentId],
  );

  const base = current?.rules;
  const compiled = useMemo(() => compileRules(rules), [rules]);
  const profile = (): BrokerProfile => {
    const mapped = columns.filter((c) => c.field).map((c) => ({ header: c.column, field: c.field as FleetField }));
    const describedByField = mapped.some((m) => m.field === "description");
    return {
      name: `${brokerName} profile`,
      sheet: sheet ? { name: sheet } : {},
      headerRow: headerRow === "auto" ? "auto" : Number(headerRow),
      columns: mapped,
      // Value rules start from the current version (rulesDraftFromProfile) and are edited in step 3.
      normalize: compiled.normalize,
      // Computed fields other than the description are not edited here: they carry over from the current version.
      computed: [
        ...(base?.computed.filter((c) => c.field !== "description") ?? []),
        ...(descriptionFrom.length && !describedByField ? [{ field: "description" as const, concat: descriptionFrom, separator: " " }] : []),
      ],
      validation: {
        required: required.filter((f) => mapped.some((m) => m.field === f) || (f === "description" && descriptionFrom.length > 0)),
        yearRange: yearMin && yearMax ? { min: Number(yearMin), max: Number(yearMax) } : undefined,
        enums: compiled.enums,
      },
    } as BrokerProfile;
  };

  // Step 1 → 2: the suggested mapping for the sample just read.
  const onSample = (data: Analysis) => {
    setAnalysis(data);
    const s = data.suggestion;
    setColumns(
      (s?.suggestions ?? []).map((x) => ({
        column: x.column,
        field: (x.field ?? "") as FleetField | "",
        confidence: x.confidence,
        evidence: x.evidence,
        model: x.model,
      })),
    );
    setSheet(data.profile.sheet.name ?? "");
    setRequired(data.profile.validation.required);
    setHeaderRow(String(data.profile.headerRow));
    setSampleVersion((v) => v + 1);
    setStep(2);
  };

  const analyze = () => {
    setError(null);
    run(() => analyzeProfileSampleAction(sampleForm()), onSample, { refresh: false });
  };

  const loadCurrent = () => {
    if (!current) return;
    setColumns((cols) => cols.map((c) => ({ ...c, field: current.rules.columns.find((m) => m.header.toUpperCase() === c.column.toUpperCase())?.field ?? "" })));
    if (current.rules.sheet.name) setSheet(current.rules.sheet.name);
    setHeaderRow(String(current.rules.headerRow));
    setRequired(current.rules.validation.required);
    if (current.rules.validation.yearRange) {
      setYearMin(String(current.rules.validation.yearRange.min));
      setYearMax(String(current.rules.validation.yearRange.max));
    }
    setDescriptionFrom(current.rules.computed.find((c) => c.field === "description")?.concat ?? []);
    setRules(rulesDraftFromProfile(current.rules));
  };

  // Step 3: the profile as it stands, its preview kept live while the value rules are edited.
  const live = step === 3 ? profile() : null;
  const rulesSound = compiled.problems.length === 0;
  const livePreview = useLivePreview({ live, sampleVersion, rulesSound, sampleForm });
  const { preview, stale, status: previewStatus } = livePreview;

  const runPreview = () => {
    setError(null);
    const p = profile();
    if (!p.columns.length) return setError("Map at least one column to a field.");
    const fields = p.columns.map((c) => c.field);
    const dup = fields.find((f, i) => fields.indexOf(f) !== i);
    if (dup) return setError(`${FIELD_LABELS[dup]} is mapped from two columns; keep one.`);
    run(
      () => analyzeProfileSampleAction(sampleForm(p)),
      (data) => {
        livePreview.show(p, data.preview);
        setStep(3);
      },
      { refresh: false },
    );
  };

  const save = () => {
    if (compiled.problems.length) return setError(`Fix the value rules first: ${compiled.problems.map((p) => p.message).join(" ")}`);
    setError(null);
    run(
      () => saveBrokerProfileAction({ brokerId, profile: profile(), sampleFilename: analysis?.filename, rematchCaseId: caseId }),
      () => router.push(caseId ? `/insurance/cases/${caseId}` : `/insurance/brokers/${brokerId}`),
    );
  };

  const headers = columns.map((c) => c.column);
  return (
    <div>
      <ol className="mb-5 flex gap-2 text-sm" aria-label="Wizard steps">
        {["Sample file", "Column mapping", "Preview & save"].map((label, i) => (
          <li key={label} aria-current={step === i + 1 ? "step" : undefined} className={`rounded-full px-3 py-1 ${step === i + 1 ? "bg-brand-600 text-white" : step > i + 1 ? "bg-brand-50 text-brand-700" : "bg-slate-100 text-slate-600"}`}>
            {i + 1}. {label}
          </li>
        ))}
      </ol>
      {error && (
        <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}

      {step === 1 && (
        <Card title="1. A sample of this broker's spreadsheets">
          <div className="grid gap-4 md:grid-cols-2">
            <Field id="sample-file" label="Upload a sample (.xlsx or .csv)">
              <input
                id="sample-file"
                type="file"
                accept=".xlsx,.csv"
                data-testid="sample-file"
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null);
                  if (e.target.files?.[0]) setDocumentId("");
                }}
                className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm"
              />
            </Field>
            <Field id="sample-attachment" label="…or pick an attachment from an email">
              <Select
                id="sample-attachment"
                value={documentId}
                onChange={(e) => {
                  setDocumentId(e.target.value);
                  if (e.target.value) setFile(null);
                }}
              >
                <option value="">{attachments.length ? "Choose an attachment…" : "No spreadsheet attachments in the Inbox yet"}</option>
                {attachments.map((a) => (
                  <option key={`${a.documentId}-${a.subject}`} value={a.documentId}>
                    {a.filename} — {a.subject || "(no subject)"} {a.fromAddress ? `(${a.fromAddress})` : ""}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <Button className="mt-4" disabled={pending || (!file && !documentId)} onClick={analyze}>
            {pending ? "Reading the file…" : "Suggest a mapping"}
          </Button>
        </Card>
      )}

      {step === 2 && analysis && (
        <Card
          title={`2. Column mapping for ${analysis.filename}`}
          action={current && <Button size="sm" variant="secondary" onClick={loadCurrent}>Start from version {current.version}</Button>}
        >
          <div className="mb-4 grid gap-3 sm:grid-cols-4">
            <Field id="wiz-sheet" label="Sheet">
              <Select id="wiz-sheet" value={sheet} onChange={(e) => setSheet(e.target.value)}>
                <option value="">Best fitting sheet</option>
                {analysis.sheets.map((s) => (
                  <option key={s.name} value={s.name}>
                    {s.name}
                  </option>
                ))}
              </Select>
            </Field>
            <InputField id="wiz-header" label="Header row" value={headerRow} onChange={(e) => setHeaderRow(e.target.value.trim() || "auto")} />
            <Field id="wiz-ymin" label="Year range (optional)">
              <div className="flex gap-1">
                <Input id="wiz-ymin" placeholder="1990" value={yearMin} onChange={(e) => setYearMin(e.target.value)} />
                <Input aria-label="Latest year" placeholder="2027" value={yearMax} onChange={(e) => setYearMax(e.target.value)} />
              </div>
            </Field>
            <Field id="wiz-required" label="Required fields">
              <div id="wiz-required" className="flex flex-wrap gap-2 text-xs">
                {(["brand", "model", "year", "description", "vin"] as FleetField[]).map((f) => (
                  <label key={f} className="inline-flex items-center gap-1">
                    <input type="checkbox" checked={required.includes(f)} onChange={() => setRequired((r) => (r.includes(f) ? r.filter((x) => x !== f) : [...r, f]))} />
                    {FIELD_LABELS[f]}
                  </label>
                ))}
              </div>
            </Field>
          </div>
          {analysis?.suggestion?.modelMessage && (
            <p className="mb-2 rounded border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900" role="status" data-testid="model-mapping-message">
              {analysis.suggestion.modelMessage}
            </p>
          )}
          <MappingTable columns={columns} setColumns={setColumns} />
          {!columns.some((c) => c.field === "description") && (
            <Field id="wiz-desc" label="Build the description from these columns (optional)" className="mt-4">
              <div id="wiz-desc" className="flex flex-wrap gap-3 text-xs">
                {headers.map((h) => (
                  <label key={h} className="inline-flex items-center gap-1">
                    <input type="checkbox" checked={descriptionFrom.includes(h)} onChange={() => setDescriptionFrom((d) => (d.includes(h) ? d.filter((x) => x !== h) : [...d, h]))} />
                    {h}
                  </label>
                ))}
              </div>
            </Field>
          )}
          <div className="mt-4 flex gap-2">
            <Button variant="secondary" onClick={() => setStep(1)}>
              Back
            </Button>
            <Button disabled={pending} onClick={runPreview}>
              {pending ? "Applying…" : "Preview the rows"}
            </Button>
          </div>
        </Card>
      )}

      {step === 3 && preview && live && (
        <Card
          title="Value rules"
          className="mb-4"
          action={
            <span className="text-xs text-slate-600" data-testid="rules-preview-summary">
              {previewStatus
                ? `Preview below — ${previewStatus}`
                : preview.fits
                  ? `Preview below: ${preview.totalRows} row(s) read, ${preview.errorCount} with validation errors`
                  : "Preview below: the file does not fit this profile"}
            </span>
          }
        >
          <RulesEditor
            rules={rules}
            onChange={setRules}
            problems={compiled.problems}
            warnings={compiled.warnings}
            sample={livePreview.sampleValues}
            mappedFields={[...live.columns.map((c) => c.field), ...live.computed.map((c) => c.field)]}
          />
        </Card>
      )}

      {step === 3 && preview && (
        <Card
          title="3. Preview: the rows this profile reads"
          action={
            <span className="text-xs text-slate-500" role="status" data-testid="preview-status">
              {previewStatus}
            </span>
          }
        >
          <PreviewRows preview={preview} />
          <div className="mt-4 flex gap-2">
            <Button variant="secondary" onClick={() => setStep(2)}>
              Back
            </Button>
            <Button disabled={pending || !preview.fits || stale || !rulesSound} onClick={save} data-testid="save-profile">
              {pending ? "Saving…" : `Save as version ${(current?.version ?? 0) + 1}${caseId ? " and match the case" : ""}`}
            </Button>
          </div>
        </Card>
      )}
    </div>
  );
}
