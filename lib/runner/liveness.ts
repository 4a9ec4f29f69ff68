import fs from "node:fs";

// Which worker processes are provably dead. A worker records its process identity when it starts:
//   linux:<boot id>:<pid namespace>:<pid>:<start time in clock ticks since boot>
// Another worker that sees the same boot and the same pid namespace can look at /proc/<pid>/stat: no such
// process, a zombie, or a process with another start time (the pid was reused) means the worker is gone, and its
// claims can be taken at once instead of after their TTL. Anything else (another machine or container, not
// Linux, an unreadable /proc, a reboot since) proves nothing: those claims still wait for their TTL.

function read(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    return null;
  }
}

function link(file: string): string | null {
  try {
    return fs.readlinkSync(file);
  } catch {
    return null;
  }
}

/** State and start time (field 22) of /proc/<pid>/stat; null when there is no such process. */
function procStat(pid: number): { state: string; start: number } | null {
  const raw = read(`/proc/${pid}/stat`);
  if (!raw) return null;
  const fields = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
  return { state: fields[0] ?? "", start: Number(fields[19]) };
}

/** The boot and pid namespace this process sees; null off Linux. */
function host(): { boot: string; ns: string } | null {
  const boot = read("/proc/sys/kernel/random/boot_id");
  const ns = link("/proc/self/ns/pid")?.replace(/^pid:\[(\d+)\]$/, "$1");
  return boot && ns ? { boot, ns } : null;
}

/** This process's identity (see above), or null where it cannot be proven later (not Linux). */
export function processIdentity(pid = process.pid): string | null {
  const h = host();
  const stat = procStat(pid);
  if (!h || !stat || !Number.isFinite(stat.start)) return null;
  return `linux:${h.boot}:${h.ns}:${pid}:${stat.start}`;
}

/** True only when the process that recorded `identity` is provably no longer running. */
export function provablyDead(identity: string | null | undefined): boolean {
  const m = identity?.match(/^linux:([0-9a-f-]+):(\d+):(\d+):(\d+)$/);
  if (!m) return false;
  const [, boot, ns, pid, start] = m;
  const h = host();
  if (!h) return false;
  // Another machine (or this one before a reboot — indistinguishable) or another container: its pids are not ours
  // to look at.
  if (h.boot !== boot || h.ns !== ns) return false;
  const stat = procStat(Number(pid));
  if (!stat) return true;
  if (stat.state === "Z" || stat.state === "X") return true; // killed, waiting to be reaped
  return stat.start !== Number(start); // another process got the pid later
}
