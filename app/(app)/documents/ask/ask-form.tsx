"use client";

import { useState } from "react";
import { useAction } from "@/components/use-action";
import { askQuestionAction } from "@/lib/actions/documents";
import { citationHref } from "./citation-href";

interface Answer {
  found: boolean;
  answer: string;
  value: string | null;
  latencyMs: number;
  citations: { documentId: string; filename: string; page: number; quote: string; start: number; end: number }[];
}

export function AskForm({ scope }: { scope: { id: string; filename: string } | null }) {
  const [question, setQuestion] = useState("");
  const [answer, setAnswer] = useState<Answer | null>(null);
  const { pending, error, run } = useAction();
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          // an answer changes nothing on the server: no page refresh
          run(() => askQuestionAction({ question, documentIds: scope ? [scope.id] : undefined }), (data) => setAnswer(data as Answer), { refresh: false });
        }}
      >
        <input
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
          placeholder="¿Cuándo vence la póliza? · What is the total of invoice INV-5521?"
          aria-label="Question"
          className="flex-1 rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
        <button disabled={pending || question.trim().length < 3} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">
          {pending ? "Looking…" : "Ask"}
        </button>
      </form>
      <p className="mt-1 text-xs text-slate-500">{scope ? `Only in ${scope.filename}.` : "Across every document of this workspace."}</p>
      {error && <p role="alert" className="mt-3 text-sm text-red-700">{error}</p>}
      {answer && (
        <div className="mt-4" data-testid="answer" data-found={answer.found}>
          {answer.found ? (
            <>
              {answer.value && <p className="text-lg font-semibold" data-testid="answer-value">{answer.value}</p>}
              <ol className="mt-2 flex flex-col gap-2 text-sm">
                {answer.citations.map((c, i) => (
                  <li key={i} className="rounded-md bg-slate-50 p-2">
                    <blockquote className="text-slate-800">“{c.quote}”</blockquote>
                    <a className="text-xs font-medium text-brand-700 hover:underline" href={citationHref(c)} data-testid="citation">
                      {c.filename}, page {c.page}
                    </a>
                  </li>
                ))}
              </ol>
            </>
          ) : (
            <p className="text-sm text-slate-600">{answer.answer}</p>
          )}
          <p className="mt-2 text-xs text-slate-400">Offline answer in {answer.latencyMs} ms.</p>
        </div>
      )}
    </div>
  );
}
