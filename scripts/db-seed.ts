// `npm run db:seed`: re-create the demo workspace (deletes the existing demo workspace and its data first).
import { getDatabase } from "@/db";
import { seedDemo } from "@/db/seed";
import { getBlobStore } from "@/lib/blob";
import { startDemoWork } from "@/lib/server-start";

const database = await getDatabase();
const { workspaceId, ...work } = await seedDemo(database.db, await getBlobStore(), { force: true });
// Persisted as events: the app's job runner processes them when it next runs.
await startDemoWork(work);
console.log(`Demo workspace re-created: ${workspaceId}. Sign in as demo@docket.local.`);
await database.close();
