"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useState } from "react";
import { ErrorText } from "./use-action";

/**
 * A GET form whose answer is a file: the file is downloaded and the page stays, and a refusal (the route's JSON
 * `{ error }`) is shown under the form in its own words — never as a JSON page in place of the app. The page's
 * data is refreshed after a download.
 */
export function DownloadForm({ action, className, children }: { action: string; className?: string; children: ReactNode }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const query = new URLSearchParams();
    for (const [k, v] of new FormData(e.currentTarget)) if (typeof v === "string") query.append(k, v);
    setPending(true);
    setError(null);
    try {
      const res = await fetch(`${action}?${query}`, { cache: "no-store" });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: string } | null;
        setError(body?.error ?? `The download failed (HTTP ${res.status}). Try again.`);
        return;
      }
      save(await res.blob(), fileName(res.headers.get("content-disposition")) ?? "download");
      // a download may change what the page shows (a quote export marks the case exported)
      router.refresh();
    } catch {
      setError("The server could not be reached. Check the connection and try again.");
    } finally {
      setPending(false);
    }
  };

  return (
    <div>
      <form action={action} method="get" onSubmit={submit} className={className} aria-busy={pending}>
        {children}
      </form>
      <ErrorText error={error} />
    </div>
  );
}

/** The file name a Content-Disposition header gives (its UTF-8 `filename*` first). */
export function fileName(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : null;
}

function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
