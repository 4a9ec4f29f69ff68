// What the mailbox form shows after "Test connection" or save: one message at a time, from the one that ran last,
// with the field it concerns. The server's validation names a field by its path ("config.moveTo: …"); the form
// shows the field's label instead and marks that field.

type Field = { id: string; label: string };
type Kind = "imap" | "graph";

/** Fields both kinds of mailbox have: the control's id and its label on the form, by the server's path. */
const COMMON: Record<string, Field> = {
  name: { id: "mb-name", label: "Name" },
  pollEveryMinutes: { id: "mb-every", label: "Check every (minutes)" },
  secret: { id: "mb-secret", label: "Password / client secret" },
};

/** Each kind's own fields: both have a folder, each in its own control. */
const BY_KIND: Record<Kind, Record<string, Field>> = {
  imap: {
    "config.host": { id: "mb-host", label: "Server (host)" },
    "config.port": { id: "mb-port", label: "Port" },
    "config.user": { id: "mb-user", label: "User" },
    "config.folder": { id: "mb-folder", label: "Folder" },
    "config.since": { id: "mb-since", label: "Received on or after" },
    "config.moveTo": { id: "mb-move", label: "Move to folder" },
    "config.caCertificate": { id: "mb-ca", label: "CA or server certificate" },
  },
  graph: {
    "config.folder": { id: "mb-gfolder", label: "Folder" },
    "config.tenantId": { id: "mb-tenant", label: "Tenant (directory) ID" },
    "config.clientId": { id: "mb-client", label: "Client (application) ID" },
    "config.mailbox": { id: "mb-address", label: "Mailbox address" },
    "config.authorityUrl": { id: "mb-authority", label: "Sign-in URL" },
    "config.graphUrl": { id: "mb-graphurl", label: "Graph URL" },
  },
};

/** The paths a refusal may name on the form of this kind of mailbox. */
export function mailboxFieldPaths(kind: Kind): string[] {
  return [...Object.keys(COMMON), ...Object.keys(BY_KIND[kind])];
}

export interface MailboxProblem {
  /** Which button's outcome this is. */
  from: "test" | "save";
  ok: boolean;
  /** The control the (first) problem concerns, when the server named one. */
  fieldId: string | null;
  text: string;
}

/** The outcome of a test or save as the form of this kind shows it: field paths turned into the form's labels. */
export function mailboxProblem(from: MailboxProblem["from"], ok: boolean, message: string, kind: Kind): MailboxProblem {
  if (ok) return { from, ok, fieldId: null, text: message };
  let fieldId: string | null = null;
  const text = message
    .split("; ")
    .map((part) => {
      const m = /^([\w.]+): (.*)$/s.exec(part);
      const field = m ? (COMMON[m[1]] ?? BY_KIND[kind][m[1]]) : undefined;
      if (!m || !field) return part;
      fieldId ??= field.id;
      return `${field.label}: ${m[2]}`;
    })
    .join("; ");
  return { from, ok, fieldId, text };
}
