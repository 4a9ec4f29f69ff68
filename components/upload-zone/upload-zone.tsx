"use client";

import { Link } from "@/components/ui/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { shownWorkspaceHeaders } from "@/components/shell/shown-workspace";
import { tooLargeMessage } from "@/lib/intake/too-large";
import { batchSummary } from "./batch-summary";

type Line = { path: string; status: "stored" | "duplicate" | "skipped" | "error"; duplicateOf?: string; message?: string };
type Item = {
  key: string;
  name: string;
  size: number;
  progress: number;
  state: "queued" | "uploading" | "processing" | "done" | "duplicate" | "error";
  message?: string;
  lines?: Line[];
  /** Files this item stored (a .zip or .eml stores several). */
  stored?: number;
};

function describe(line: Line) {
  if (line.status === "duplicate") return line.message ?? `Already uploaded as ${line.duplicateOf}`;
  return line.message ?? line.status;
}

const CONCURRENCY = 3;

/** Files the operating system leaves in folders; never what the user meant to upload. */
const SYSTEM_FILE = /^(\.DS_Store|Thumbs\.db|desktop\.ini|\._.*|~\$.*)$/i;

type Picked = { file: File; path: string };

/**
 * The files of a drop, folders included (walked recursively). Entries must be taken while the drop event is being
 * handled — the browser empties the DataTransfer afterwards — so this reads them first and walks them after.
 */
function filesFromDrop(dt: DataTransfer): Promise<Picked[]> {
  const entries = Array.from(dt.items ?? [])
    .map((item) => (item.kind === "file" ? item.webkitGetAsEntry?.() : null))
    .filter((e): e is FileSystemEntry => Boolean(e));
  if (!entries.some((e) => e.isDirectory)) return Promise.resolve(Array.from(dt.files).map((file) => ({ file, path: file.name })));
  const out: Picked[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      out.push({ file, path: prefix + file.name });
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      // readEntries hands out a directory in batches (100 in Chrome) until it returns none
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (!batch.length) break;
        for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
      }
    }
  };
  return entries.reduce((p, e) => p.then(() => walk(e, "")), Promise.resolve()).then(() => out);
}

/** Drag-and-drop many files; each is uploaded on its own request with its own progress and its own error. */
export function UploadZone({ endpoint = "/api/documents", accept, hint, maxMb }: { endpoint?: string; accept?: string; hint?: string; maxMb: number }) {
  const router = useRouter();
  const [items, setItems] = useState<Item[]>([]);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [skippedSystem, setSkippedSystem] = useState(0);

  // Leaving or reloading the page cancels the files still on their way, those waiting their turn and any the server
  // has not yet answered for: the browser asks first.
  const sending = items.some((x) => x.state === "queued" || x.state === "uploading" || x.state === "processing");
  useEffect(() => {
    if (!sending) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [sending]);

  const update = (key: string, patch: Partial<Item>) => setItems((xs) => xs.map((x) => (x.key === key ? { ...x, ...patch } : x)));

  const uploadOne = useCallback(
    (file: File, key: string) =>
      new Promise<void>((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open("POST", endpoint);
        xhr.upload.onprogress = (e) => {
          if (!e.lengthComputable) return;
          update(key, { progress: e.loaded / e.total, state: e.loaded < e.total ? "uploading" : "processing" });
        };
        xhr.onload = () => {
          let body: { error?: string; lines?: Line[] } = {};
          try {
            body = JSON.parse(xhr.responseText);
          } catch {
            body = { error: `Upload failed (HTTP ${xhr.status}).` };
          }
          const lines = body.lines ?? [];
          if (body.error) {
            update(key, { state: "error", message: body.error });
          } else if (lines.length === 1) {
            const l = lines[0];
            const state = l.status === "stored" ? "done" : l.status === "duplicate" ? "duplicate" : "error";
            update(key, { state, progress: 1, stored: l.status === "stored" ? 1 : 0, message: l.status === "stored" ? undefined : describe(l) });
          } else {
            const stored = lines.filter((l) => l.status === "stored").length;
            const bad = lines.filter((l) => l.status === "error").length;
            update(key, {
              state: stored ? "done" : bad ? "error" : "duplicate",
              progress: 1,
              stored,
              message: `${stored} stored, ${lines.length - stored - bad} duplicate/skipped, ${bad} with errors`,
              lines: lines.filter((l) => l.status !== "stored"),
            });
          }
          resolve();
        };
        xhr.onerror = () => {
          update(key, { state: "error", message: "Network error: check your connection and try this file again." });
          resolve();
        };
        // the raw bytes, the name in a header: the server streams them to storage without multipart parsing
        xhr.setRequestHeader("Content-Type", "application/octet-stream");
        xhr.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
        for (const [name, value] of Object.entries(shownWorkspaceHeaders())) xhr.setRequestHeader(name, value);
        xhr.send(file);
      }),
    [endpoint],
  );

  const addFiles = useCallback(
    async (picked: Picked[]) => {
      const wanted = picked.filter((p) => !SYSTEM_FILE.test(p.file.name));
      setSkippedSystem(picked.length - wanted.length);
      const all = wanted.map((p, i) => ({ file: p.file, path: p.path, key: `${Date.now()}-${i}-${p.path}` }));
      // too large: said at once, never sent
      const tooBig = all.filter((b) => b.file.size > maxMb * 1048576);
      const batch = all.filter((b) => b.file.size <= maxMb * 1048576);
      setItems((xs) => [
        ...all.map(({ file, path, key }) =>
          file.size > maxMb * 1048576
            ? { key, name: path, size: file.size, progress: 0, state: "error" as const, message: tooLargeMessage(path, file.size, maxMb * 1048576) }
            : { key, name: path, size: file.size, progress: 0, state: "queued" as const },
        ),
        ...xs,
      ]);
      if (!batch.length && tooBig.length) return;
      let next = 0;
      const worker = async () => {
        while (next < batch.length) {
          const { file, key } = batch[next++];
          await uploadOne(file, key);
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batch.length) }, worker));
      router.refresh();
    },
    [router, uploadOne, maxMb],
  );

  return (
    <div>
      <div
        role="button"
        tabIndex={0}
        aria-label="Upload files: drop them here or press Enter to choose"
        onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && input.current?.click()}
        onClick={() => input.current?.click()}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void filesFromDrop(e.dataTransfer).then(addFiles, () => addFiles(Array.from(e.dataTransfer.files).map((file) => ({ file, path: file.name }))));
        }}
        className={`cursor-pointer rounded-lg border-2 border-dashed px-6 py-8 text-center text-sm ${over ? "border-brand-500 bg-brand-50" : "border-slate-300 bg-white hover:border-slate-400"}`}
      >
        <p className="font-medium text-slate-800">Drop files or folders here, or click to choose</p>
        {hint && <p className="mt-1 text-slate-500">{hint}</p>}
        <input
          ref={input}
          type="file"
          multiple
          accept={accept}
          className="hidden"
          data-testid="upload-input"
          onChange={(e) => {
            void addFiles(Array.from(e.target.files ?? []).map((file) => ({ file, path: file.name })));
            e.target.value = "";
          }}
        />
        <input
          ref={folderInput}
          type="file"
          multiple
          className="hidden"
          data-testid="upload-folder-input"
          // a whole folder, sub-folders included (every browser supports the attribute under this name)
          {...{ webkitdirectory: "" }}
          onChange={(e) => {
            void addFiles(Array.from(e.target.files ?? []).map((file) => ({ file, path: file.webkitRelativePath || file.name })));
            e.target.value = "";
          }}
        />
      </div>
      <p className="mt-1 text-xs text-slate-500">
        Folders can be dropped too, or{" "}
        <button type="button" className="text-brand-700 hover:underline" onClick={() => folderInput.current?.click()}>
          choose a folder
        </button>
        .{skippedSystem > 0 && ` Skipped ${skippedSystem} system file(s) such as .DS_Store.`}
      </p>
      {(() => {
        const summary = batchSummary(items.map((it) => ({ state: it.state, stored: it.stored ?? 0 })));
        return (
          summary && (
            <p className="mt-3 text-sm text-slate-700" data-testid="upload-summary">
              {summary.text}
              {summary.links.map((l, i) => (
                <span key={l.href}>
                  {i === 0 ? " " : i === summary.links.length - 1 ? " and " : ", "}
                  <Link href={l.href} className="font-medium text-brand-700 hover:underline">
                    {l.label}
                  </Link>
                </span>
              ))}
              {summary.links.length > 0 && "."}
            </p>
          )
        );
      })()}
      {items.length > 0 && (
        <ul className="mt-3 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm" aria-live="polite">
          {items.map((it) => (
            <li key={it.key} className="px-3 py-2" data-testid="upload-item">
              <div className="flex justify-between gap-3">
                <span className="truncate font-medium">{it.name}</span>
                <span
                  className={
                    it.state === "error" ? "text-red-700" : it.state === "duplicate" ? "text-amber-700" : it.state === "done" ? "text-green-700" : "text-slate-500"
                  }
                >
                  {it.state === "uploading" ? `${Math.round(it.progress * 100)}%` : it.state}
                </span>
              </div>
              {it.state === "uploading" && (
                <div className="mt-1 h-1 rounded bg-slate-100">
                  <div className="h-1 rounded bg-brand-500" style={{ width: `${it.progress * 100}%` }} />
                </div>
              )}
              {it.state === "processing" && <p className="mt-0.5 text-xs text-slate-500">Uploaded; checking the file…</p>}
              {it.message && <p className={`mt-0.5 text-xs ${it.state === "error" ? "text-red-700" : "text-slate-600"}`}>{it.message}</p>}
              {it.lines && it.lines.length > 0 && (
                <ul className="mt-1 space-y-0.5 text-xs">
                  {it.lines.map((l) => (
                    <li key={l.path} className={l.status === "error" ? "text-red-700" : "text-slate-600"}>
                      {l.path}: {describe(l)}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
