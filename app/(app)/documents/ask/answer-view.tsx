import { citationHref } from "./citation-href";

export interface Answer {
  found: boolean;
  /** Offline: the value and its quote, repeated by the parts shown below. The model's: its sentences, each ending in [n]. */
  answer: string;
  value: string | null;
  latencyMs: number;
  engine?: "offline" | "openai";
  citations: { documentId: string; filename: string; page: number; quote: string; start: number; end: number }[];
}

/**
 * One answer: the value (offline) or the model's sentences, then the quotes it rests on, each a link to its page.
 * The model's sentences point at their quotes by number ([1], [2]), so the quotes are numbered when it answered.
 */
export function AnswerView({ answer }: { answer: Answer }) {
  const model = answer.engine === "openai";
  return (
    <div className="mt-4" data-testid="answer" data-found={answer.found} data-engine={answer.engine ?? "offline"}>
      {answer.found ? (
        <>
          {answer.value && <p className="text-lg font-semibold" data-testid="answer-value">{answer.value}</p>}
          {model && <p className="text-sm text-slate-800" data-testid="answer-text">{answer.answer}</p>}
          <ol className="mt-2 flex flex-col gap-2 text-sm">
            {answer.citations.map((c, i) => (
              <li key={i} className="rounded-md bg-slate-50 p-2">
                <blockquote className="break-words text-slate-800">
                  {model && <span className="mr-1 text-xs font-semibold text-slate-500">[{i + 1}]</span>}“{c.quote}”
                </blockquote>
                <a className="break-all text-xs font-medium text-brand-700 hover:underline" href={citationHref(c)} data-testid="citation">
                  {c.filename}, page {c.page}
                </a>
              </li>
            ))}
          </ol>
        </>
      ) : (
        <p className="text-sm text-slate-600">{answer.answer}</p>
      )}
      <p className="mt-2 text-xs text-slate-400">
        {model ? "Answered by the AI model" : "Offline answer"} in {answer.latencyMs} ms.
      </p>
    </div>
  );
}
