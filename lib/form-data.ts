// Reading the FormData a form action receives: files become plain objects (name, type, bytes) that a zod schema
// can check, text fields stay strings, and JSON fields are parsed. An absent or empty field reads as undefined,
// so the action's schema names what is missing.

export interface FormFile {
  filename: string;
  contentType?: string;
  content: Uint8Array;
}

async function toFile(f: File): Promise<FormFile> {
  return { filename: f.name || "upload", contentType: f.type || undefined, content: new Uint8Array(await f.arrayBuffer()) };
}

/** The one file under `name`, or undefined when none (or an empty one) was chosen. */
export async function fileField(form: FormData, name: string): Promise<FormFile | undefined> {
  const f = form.get(name);
  return f instanceof File && f.size > 0 ? toFile(f) : undefined;
}

/** Every non-empty file under `name` (multiple attachments). */
export function filesField(form: FormData, name: string): Promise<FormFile[]> {
  return Promise.all(
    form
      .getAll(name)
      .filter((f): f is File => f instanceof File && f.size > 0)
      .map(toFile),
  );
}

/** A text field, or undefined when absent or empty. */
export function textField(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** A field holding JSON; text that is not JSON is passed on as it is, for the schema to refuse by name. */
export function jsonField(form: FormData, name: string): unknown {
  const v = textField(form, name);
  if (v === undefined) return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
