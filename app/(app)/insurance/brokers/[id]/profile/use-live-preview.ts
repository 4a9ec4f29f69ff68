"use client";

import { useEffect, useRef, useState } from "react";
import { analyzeProfileSampleAction } from "@/lib/actions/insurance";
import type { BrokerProfile } from "@/lib/insurance/profile";
import { sampleValuesByField } from "./profile-rules";
import type { SampleValues } from "./rules-editor";
import type { Analysis } from "./wizard-types";

/**
 * Step 3's preview kept live: the rows of `live` (the profile as it stands, `null` outside step 3) re-read
 * (debounced) whenever it changes and its rules are sound, and the sample's own values per field from the same
 * profile without replacements or validation (a second, rule-free preview for the rules editor). `show` puts up
 * the preview that "Preview the rows" fetched; a refresh still under way for an earlier profile is then ignored.
 */
export function useLivePreview({
  live,
  sampleVersion,
  rulesSound,
  sampleForm,
}: {
  live: BrokerProfile | null;
  /** Bumped for each sample read in step 1, so previews of an earlier file are not taken for this one's. */
  sampleVersion: number;
  rulesSound: boolean;
  sampleForm: (profile?: unknown) => FormData;
}) {
  const [preview, setPreview] = useState<Analysis["preview"] | null>(null);
  /** The profile (as JSON) the preview shows, and the one last sent for a live refresh. */
  const [previewKey, setPreviewKey] = useState("");
  const [requestedKey, setRequestedKey] = useState("");
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<string | null>(null);
  /** Values per field in the sample before replacements and validation. */
  const [sampleValues, setSampleValues] = useState<{ key: string; values: SampleValues | null } | null>(null);
  const refreshSeq = useRef(0);

  const keyOf = (p: unknown) => `${sampleVersion}:${JSON.stringify(p)}`;
  const liveKey = live ? keyOf(live) : "";
  const probe = live && {
    ...live,
    normalize: { trim: live.normalize.trim, upper: live.normalize.upper, stripAccents: live.normalize.stripAccents, valueMaps: {} },
    validation: { required: [], enums: {} },
  };
  const probeKey = probe ? keyOf(probe) : "";

  useEffect(() => {
    if (!liveKey || !rulesSound || liveKey === requestedKey) return;
    const timer = setTimeout(async () => {
      const seq = ++refreshSeq.current;
      setRequestedKey(liveKey);
      setRefreshing(true);
      const r = await analyzeProfileSampleAction(sampleForm(JSON.parse(liveKey.slice(liveKey.indexOf(":") + 1)))).catch(() => ({
        ok: false as const,
        error: "the server could not be reached; change a rule to try again",
      }));
      if (seq !== refreshSeq.current) return;
      setRefreshing(false);
      if (!r.ok) return setRefreshError(r.error);
      setRefreshError(null);
      setPreview(r.data.preview);
      setPreviewKey(liveKey);
    }, 400);
    return () => clearTimeout(timer);
  }, [liveKey, rulesSound, requestedKey, sampleForm]);

  useEffect(() => {
    if (!probeKey || sampleValues?.key === probeKey) return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      const r = await analyzeProfileSampleAction(sampleForm(JSON.parse(probeKey.slice(probeKey.indexOf(":") + 1)))).catch(() => null);
      if (cancelled) return;
      const p = r?.ok ? r.data.preview : null;
      setSampleValues({ key: probeKey, values: p?.fits ? { byField: sampleValuesByField(p.rows), rowsSeen: p.rows.length, totalRows: p.totalRows } : null });
    }, 400);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [probeKey, sampleValues?.key, sampleForm]);

  const stale = live !== null && (liveKey !== previewKey || refreshing);
  const status = !rulesSound
    ? "Not updated: fix the value rules marked in red"
    : refreshing || (stale && liveKey !== requestedKey)
      ? "Updating…"
      : stale
        ? `Not updated: ${refreshError ?? "change a rule to try again"}`
        : "";

  const show = (profile: BrokerProfile, shown: Analysis["preview"]) => {
    const key = keyOf(profile);
    refreshSeq.current++;
    setRefreshing(false);
    setRefreshError(null);
    setPreview(shown);
    setPreviewKey(key);
    setRequestedKey(key);
  };

  return { preview, stale, status, sampleValues: sampleValues?.key === probeKey ? sampleValues.values : null, show };
}
