/** Where a citation opens: the document's viewer at its page, with the quoted passage marked. */
export function citationHref(c: { documentId: string | null; page: number; start: number; end: number }) {
  return `/documents/${c.documentId}?page=${c.page}${c.end > c.start ? `&hl=${c.start}-${c.end}` : ""}`;
}
