// `npm run db:seed`: re-create the demo workspace (deletes the existing demo workspace and its data first).
import { getDatabase } from "@/db";
import { seedDemo } from "@/db/seed";
import { getBlobStore } from "@/lib/blob";

const database = await getDatabase();
const { workspaceId } = await seedDemo(database.db, await getBlobStore(), { force: true });
console.log(`Demo workspace re-created: ${workspaceId}. Sign in as demo@docket.local.`);
await database.close();
