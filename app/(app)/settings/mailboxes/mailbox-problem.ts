// What the mailbox form shows after "Test connection" or save: one message at a time, from the one that ran last,
// with the field it concerns. The server's validation names a field by its path ("config.moveTo: …"); the form
// shows the field's label instead and marks that field.

/** The form's fields by the path the server's validation uses: the control's id and its label on the form. */
const FIELDS: Record<string, { id: string; label: string }> = {
  name: { id: "mb-name", label: "Name" },
  pollEveryMinutes: { id: "mb-every", label: "Check every (minutes)" },
  secret: { id: "mb-secret", label: "Password / client secret" },
  "config.host": { id: "mb-host", label: "Server (host)" },
  "config.port": { id: "mb-port", label: "Port" },
  "config.user": { id: "mb-user", label: "User" },
  "config.folder": { id: "mb-folder", label: "Folder" },
  "config.since": { id: "mb-since", label: "Received on or after" },
  "config.moveTo": { id: "mb-move", label: "Move to folder" },
  "config.caCertificate": { id: "mb-ca", label: "CA or server certificate" },
  "config.tenantId": { id: "mb-tenant", label: "Tenant (directory) ID" },
  "config.clientId": { id: "mb-client", label: "Client (application) ID" },
  "config.mailbox": { id: "mb-address", label: "Mailbox address" },
  "config.authorityUrl": { id: "mb-authority", label: "Sign-in URL" },
  "config.graphUrl": { id: "mb-graphurl", label: "Graph URL" },
};

export interface MailboxProblem {
  /** Which button's outcome this is. */
  from: "test" | "save";
  ok: boolean;
  /** The control the (first) problem concerns, when the server named one. */
  fieldId: string | null;
  text: string;
}

/** The outcome of a test or save as the form shows it: field paths turned into the form's labels. */
export function mailboxProblem(from: MailboxProblem["from"], ok: boolean, message: string): MailboxProblem {
  if (ok) return { from, ok, fieldId: null, text: message };
  let fieldId: string | null = null;
  const text = message
    .split("; ")
    .map((part) => {
      const m = /^([\w.]+): (.*)$/s.exec(part);
      const field = m ? FIELDS[m[1]] : undefined;
      if (!m || !field) return part;
      fieldId ??= field.id;
      return `${field.label}: ${m[2]}`;
    })
    .join("; ");
  return { from, ok, fieldId, text };
}
