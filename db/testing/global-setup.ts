import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDatabase, openDatabase } from "../client";

// Migrate once per run, then every test file starts from that state:
//  - PGlite: dump the migrated data dir to a tarball; each file loads it (< 1 s instead of ~3 s of migrations).
//  - PostgreSQL: migrate a template database; each file gets `CREATE DATABASE … TEMPLATE` (its own fresh database).
export const adminUrl = () => process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export default async function setup(project: TestProject) {
  const engine = project.config.env?.DOCKET_TEST_ENGINE ?? "pglite";
  if (engine === "postgres") {
    const template = `docket_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl() });
    try {
      await admin.connect();
    } catch (err) {
      throw new Error(
        `PostgreSQL tests need a server at ${adminUrl()} (set TEST_DATABASE_URL). ` +
          `Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n${(err as Error).message}`,
      );
    }
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    const url = withDatabase(adminUrl(), template);
    const database = await openDatabase({ url, poolMax: 2 });
    await migrateDatabase(database);
    await database.close();
    project.provide("pgTemplate", template);
    project.provide("pgAdminUrl", adminUrl());
    return async () => {
      // Drop leftovers of this run (files that crashed before their own cleanup), then the template.
      const left = await admin.query<{ datname: string }>(
        `select datname from pg_database where datname like $1`,
        [`docket_t_${process.pid}_%`],
      );
      for (const r of left.rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
      await admin.query(`drop database if exists ${template} with (force)`);
      await admin.end();
    };
  }
  const database = await openDatabase({});
  await migrateDatabase(database);
  const dump = await database.pglite!.dumpDataDir("none");
  await database.close();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "docket-test-")), "migrated.tar");
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteDump", file);
  project.provide("pgTemplate", "");
  project.provide("pgAdminUrl", "");
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

export function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteDump: string;
    pgTemplate: string;
    pgAdminUrl: string;
  }
}
