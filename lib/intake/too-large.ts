// The refusal of a file over the upload limit, said the same by the browser (before sending) and the server:
// the file, its size, the limit, and what to do with that kind of file (a PDF is not split like a zip).

const MB = 1024 * 1024;

function whatToDo(name: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? "";
  if (ext === "zip") return "Split the zip into smaller ones";
  if (ext === "pdf") return "Split the PDF into smaller files or scan it at a lower resolution";
  if (["png", "jpg", "jpeg", "tif", "tiff", "gif", "webp", "bmp", "heic"].includes(ext)) return "Scan or save it at a lower resolution";
  if (ext === "eml" || ext === "msg") return "Upload its attachments one by one instead";
  if (["xlsx", "xls", "csv", "ods", "txt"].includes(ext)) return "Split the spreadsheet into smaller files";
  return "Make it smaller (split or compress it)";
}

/** `bytes` null: the size is not known (the upload was stopped at the limit). */
export function tooLargeMessage(name: string, bytes: number | null, maxBytes: number): string {
  const size = bytes === null ? "over the limit" : `${(bytes / MB).toFixed(1)} MB`;
  return `"${name}" is ${size}; files can be at most ${Math.round(maxBytes / MB)} MB each. ${whatToDo(name)}, then upload again.`;
}
