// Creates a PGlite database folder (PostgreSQL's initdb) in a worker thread: initdb runs in a
// second WebAssembly instance that grows to several hundred MB and stays garbage in the process
// until V8 happens to collect it. In a worker, it is all returned when the thread ends; the
// caller then opens the folder, which costs about 100 MB. Plain JavaScript: it loads under plain
// node, tsx, Vitest and beside the node's bundle alike. See initAppStoreFolder in app-store.ts.
import { workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

/** @type {{ dir: string; startParams: string[] }} */
const { dir, startParams } = workerData;
const client = new PGlite(dir, { startParams });
await client.waitReady;
await client.close();
