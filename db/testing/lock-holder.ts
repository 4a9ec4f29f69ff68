// Child process for the crash-restart test (db/client.test.ts): opens the embedded database at <data-dir>, prints
// "HOLDING <pid> <rows>" and keeps writing until it is killed. Usage: npx tsx db/testing/lock-holder.ts <data-dir>
import { sql } from "drizzle-orm";
import { openDatabase, rows } from "@/db/client";

const dataDir = process.argv[2];
if (!dataDir) {
  console.error("usage: lock-holder.ts <data-dir>");
  process.exit(2);
}
const database = await openDatabase({ dataDir });
await database.db.execute(sql`create table if not exists crash_writes (n serial primary key, at timestamptz not null default now())`);
const [{ count }] = rows<{ count: number }>(await database.db.execute(sql`select count(*)::int as count from crash_writes`));
process.stdout.write(`HOLDING ${process.pid} ${count}\n`);
for (;;) {
  await database.db.execute(sql`insert into crash_writes default values`);
  await new Promise((r) => setTimeout(r, 5));
}
