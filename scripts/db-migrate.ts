// `npm run db:migrate`: apply pending migrations to DATABASE_URL (or the embedded database in ./data/db).
import { getDatabase } from "@/db";
import { pendingMigrations } from "@/db/client";

const database = await getDatabase();
const pending = await pendingMigrations(database.db);
console.log(`Migrations applied on ${database.engine}; pending: ${pending.length ? pending.join(", ") : "none"}; pgvector: ${database.hasVector ? "on" : "off"}`);
await database.close();
