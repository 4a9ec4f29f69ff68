/**
 * Starts a throw-away Dovecot IMAP server for tests: its own config, passwd-file users and Maildirs in
 * a temp folder, listening on 127.0.0.1 on a free port, plaintext (no TLS; loopback only).
 *
 * Needs Debian's dovecot-imapd (`apt-get install -y dovecot-imapd`); `findDovecot()` says whether it is
 * there. Dovecot runs unprivileged: as the current user, or as `nobody` when the tests run as root, so
 * every Dovecot process (master, login, auth, imap) has that one uid and nothing needs root.
 *
 * With `tls: true` it also listens for IMAPS on a second port with a self-signed certificate made by
 * openssl at start (and offers STARTTLS on the plain port).
 *
 * By hand:  npx tsx scripts/test-services/dovecot.ts [user] [password]   (Ctrl-C stops it)
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createServer, connect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

export interface DovecotUser {
  user: string;
  password: string;
}

export interface DovecotInstance {
  host: string;
  /** Plain IMAP (no TLS offered on it unless `tls` was requested, then STARTTLS too). */
  port: number;
  /** Implicit-TLS IMAP (IMAPS) with a self-signed certificate, when started with `tls: true`. */
  tlsPort: number | null;
  /** PEM of the self-signed certificate (CN=localhost), when started with `tls: true`. */
  certificate: string | null;
  users: DovecotUser[];
  dir: string;
  /** The server log so far (useful in a failing test). */
  log(): Promise<string>;
  stop(): Promise<void>;
}

const CANDIDATES = ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot", "/usr/bin/dovecot"];

/** Path of the dovecot binary, or null when it is not installed. */
export function findDovecot(): string | null {
  for (const c of CANDIDATES) if (existsSync(c)) return c;
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForGreeting(port: number, deadlineMs: number, proc: ChildProcess): Promise<void> {
  const until = Date.now() + deadlineMs;
  let lastError = "";
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`dovecot exited with code ${proc.exitCode} during start-up`);
    const greeting = await new Promise<string | null>((resolve) => {
      const sock = connect(port, "127.0.0.1");
      let data = "";
      const done = (v: string | null) => {
        sock.destroy();
        resolve(v);
      };
      sock.setTimeout(1000, () => done(null));
      sock.on("data", (d) => {
        data += d.toString();
        if (data.includes("\n")) done(data);
      });
      sock.on("error", (e) => {
        lastError = e.message;
        done(null);
      });
    });
    if (greeting?.startsWith("* OK")) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`dovecot did not answer on 127.0.0.1:${port} (${lastError || "no greeting"})`);
}

function selfSignedCertificate(dir: string): void {
  const result = spawnSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
    { encoding: "utf8" },
  );
  if (result.error || result.status !== 0) {
    throw new Error(`could not create a self-signed certificate with openssl: ${result.error?.message ?? result.stderr}`);
  }
}

export async function startDovecot(options: { users?: DovecotUser[]; tls?: boolean } = {}): Promise<DovecotInstance> {
  const binary = findDovecot();
  if (!binary) throw new Error("dovecot is not installed (apt-get install -y dovecot-imapd)");
  const users = options.users ?? [{ user: "ap", password: "ap-password" }];
  for (const u of users) {
    if (!/^[A-Za-z0-9._-]+$/.test(u.user) || /[:\n]/.test(u.password)) throw new Error(`unusable test user ${u.user}`);
  }

  const dir = await mkdtemp(join(tmpdir(), "docket-dovecot-"));
  await chmod(dir, 0o755); // login processes run as another user and must reach base_dir
  const port = await freePort();
  const tlsPort = options.tls ? await freePort() : null;
  if (options.tls) selfSignedCertificate(dir);
  const me = userInfo();
  const root = me.uid === 0;
  const runAs = root ? { uid: 65534, gid: 65534, name: "nobody", group: groupName(65534) } : { uid: me.uid, gid: me.gid, name: me.username, group: groupName(me.gid) };

  const mailRoot = join(dir, "mail");
  await mkdir(mailRoot, { recursive: true });
  for (const u of users) await mkdir(join(mailRoot, u.user), { recursive: true });

  const passwd = users.map((u) => `${u.user}:{PLAIN}${u.password}:${runAs.uid}:${runAs.gid}::${join(mailRoot, u.user)}::`).join("\n");
  await writeFile(join(dir, "users"), `${passwd}\n`, { mode: 0o600 });
  const config = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
${options.tls ? `ssl = yes\nssl_cert = <${dir}/cert.pem\nssl_key = <${dir}/key.pem` : "ssl = no"}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${runAs.name}
default_internal_group = ${runAs.group}
default_login_user = ${runAs.name}
first_valid_uid = 1
mail_location = maildir:~/Maildir
mail_privileged_group =
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/users
}
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${tlsPort ?? 0}
    ${tlsPort ? "ssl = yes" : ""}
  }
  user = ${runAs.name}
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
  await writeFile(join(dir, "dovecot.conf"), config, { mode: 0o644 });
  if (root) await chownTree(dir, runAs.uid, runAs.gid);

  const proc = spawn(binary, ["-F", "-c", join(dir, "dovecot.conf")], {
    stdio: ["ignore", "pipe", "pipe"],
    ...(root ? { uid: runAs.uid, gid: runAs.gid } : {}),
  });
  let output = "";
  proc.stdout?.on("data", (d) => (output += d.toString()));
  proc.stderr?.on("data", (d) => (output += d.toString()));

  const readLog = async () => {
    const file = await readFile(join(dir, "dovecot.log"), "utf8").catch(() => "");
    return `${output}${file}`;
  };

  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
      proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await waitForGreeting(port, 15_000, proc);
  } catch (e) {
    const log = await readLog();
    await stop();
    throw new Error(`${(e as Error).message}\n--- dovecot output ---\n${log}`);
  }
  const certificate = options.tls ? await readFile(join(dir, "cert.pem"), "utf8") : null;
  return { host: "127.0.0.1", port, tlsPort, certificate, users, dir, log: readLog, stop };
}

async function chownTree(path: string, uid: number, gid: number): Promise<void> {
  await chown(path, uid, gid);
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await chownTree(child, uid, gid);
    else await chown(child, uid, gid);
  }
}

function groupName(gid: number): string {
  try {
    const lines = readFileSync("/etc/group", "utf8").split("\n");
    for (const line of lines) {
      const [name, , id] = line.split(":");
      if (Number(id) === gid) return name;
    }
  } catch {
    // fall through
  }
  return String(gid);
}

const isMain = process.argv[1] && /dovecot\.ts$/.test(process.argv[1]);
if (isMain) {
  const [user = "ap", password = "ap-password"] = process.argv.slice(2);
  startDovecot({ users: [{ user, password }] }).then(
    (d) => {
      console.log(`dovecot IMAP on ${d.host}:${d.port} (no TLS) user=${user} password=${password} dir=${d.dir}`);
      const shutdown = () => void d.stop().then(() => process.exit(0));
      process.on("SIGINT", shutdown);
      process.on("SIGTERM", shutdown);
    },
    (e) => {
      console.error((e as Error).message);
      process.exit(1);
    },
  );
}
