"use client";

import { useState } from "react";
import { useAction } from "@/components/use-action";
import { askQuestionAction } from "@/lib/actions/documents";
import { AnswerView, type Answer } from "./answer-view";


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
      {answer && <AnswerView answer={answer} />}
    </div>
  );
}
