import type { analyzeProfileSampleAction } from "@/lib/actions/insurance";
import type { FleetField } from "@/lib/insurance/fields";
import type { ModelColumnOpinion } from "@/lib/insurance/model-mapping";

export type Analysis = Extract<Awaited<ReturnType<typeof analyzeProfileSampleAction>>, { ok: true }>["data"];

export interface Attachment {
  documentId: string;
  filename: string;
  subject: string;
  fromAddress: string | null;
}

export interface ColumnChoice {
  column: string;
  field: FleetField | "";
  confidence: number;
  evidence: string[];
  /** With OpenAI on: the model's opinion, shown beside the offline evidence and applied only on request. */
  model?: ModelColumnOpinion;
}
