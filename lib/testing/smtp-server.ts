import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

// A real SMTP server (npm smtp-server) on a random loopback port, for tests that send through the SMTP transport:
// it accepts one login, answers recipients it is told to refuse with an error, and keeps every message it receives.

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: Buffer;
  /** The login the message was sent under. */
  user?: string;
}

export interface SmtpServerOptions {
  user: string;
  password: string;
  /** false: AUTH only after STARTTLS, like a real submission server. */
  allowInsecureAuth: boolean;
  /** An error to answer RCPT TO with, or null to accept the address. */
  refuseRecipient?: (address: string) => { code: number; message: string } | null;
  /** Where the received messages go (default: a new list, returned). */
  received?: ReceivedMail[];
}

function smtpError(message: string, code: number) {
  const err = new Error(message) as Error & { responseCode: number };
  err.responseCode = code;
  return err;
}

export async function startSmtpServer(opts: SmtpServerOptions) {
  const received = opts.received ?? [];
  const server = new SMTPServer({
    secure: false,
    allowInsecureAuth: opts.allowInsecureAuth,
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === opts.user && auth.password === opts.password) return cb(null, { user: auth.username });
      cb(smtpError("5.7.8 Username and Password not accepted", 535));
    },
    onRcptTo(address, _session, cb) {
      const rule = opts.refuseRecipient?.(address.address);
      if (!rule) return cb();
      cb(smtpError(rule.message, rule.code));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          user: session.user as string | undefined,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
