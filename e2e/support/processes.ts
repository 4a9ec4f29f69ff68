import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import net from "node:net";

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once("error", reject);
    srv.listen(0, () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error("could not find a free port"))));
    });
  });
}

export interface Service {
  name: string;
  child: ChildProcess;
  /** Everything the process printed so far (stdout + stderr), for error messages. */
  output: () => string;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
}

/**
 * Start a long-running process in its own process group (detached), so that stopping it also stops
 * whatever it spawned (`next start` runs next-server as a child, which otherwise lingers on the port).
 * Its output is kept in memory and copied to `logFile`.
 */
export function startService(name: string, command: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; logFile: string }): Service {
  const log = createWriteStream(opts.logFile, { flags: "w" });
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (output.length > 200_000) output = output.slice(-100_000);
    log.write(chunk);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      log.end();
      resolve(code);
    });
    child.once("error", (err) => {
      output += `\n[${name}] failed to start: ${err.message}\n`;
      log.end();
      resolve(-1);
    });
  });
  return { name, child, output: () => output, exited };
}

/** Stop a service's whole process group: SIGTERM, then SIGKILL if it is still there after `graceMs`. */
export async function stopService(service: Service, graceMs = 10_000): Promise<void> {
  const pid = service.child.pid;
  if (!pid || service.child.exitCode !== null || service.child.signalCode !== null) return;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is already gone
    }
  };
  signalGroup("SIGTERM");
  const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), graceMs).unref());
  if ((await Promise.race([service.exited, timer])) === "timeout") {
    signalGroup("SIGKILL");
    await service.exited;
  }
  // next-server may outlive its parent `next start` by a moment: make sure nothing of the group remains.
  signalGroup("SIGKILL");
}

/** Run a command to completion; rejects with the tail of its output when it fails. */
export function runToCompletion(command: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; logFile: string }): Promise<void> {
  const service = startService(args.join(" "), command, args, opts);
  return service.exited.then((code) => {
    if (code !== 0) {
      throw new Error(`\`${command} ${args.join(" ")}\` exited with ${code}. Last output:\n${service.output().slice(-4000)}`);
    }
  });
}

/**
 * Poll `check` until it returns true. Fails early when `service` exits, and after `timeoutMs` with
 * the service's recent output so the reason is visible in the test report.
 */
export async function waitUntil(what: string, check: () => Promise<boolean>, opts: { timeoutMs: number; service?: Service }): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let exited = false;
  void opts.service?.exited.then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error(`${opts.service?.name} exited before ${what}. Output:\n${opts.service?.output().slice(-4000)}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${opts.timeoutMs} ms waiting for ${what}.${opts.service ? ` Output of ${opts.service.name}:\n${opts.service.output().slice(-4000)}` : ""}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
