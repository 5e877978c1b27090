// `npm run bench:migrate`: migrates 2,000 files of 200 KB against a local PostgreSQL and a local S3-compatible
// server (s3rver), at concurrency 1 and 8, and prints files/s and MB/s. Starts and removes everything itself.
//   npm run bench:migrate -- [--files 2000] [--size-kb 200] [--concurrency 1,8] [--latency-ms 0,5]
// Each run is done twice: on bare loopback, where the tool, s3rver and PostgreSQL share this machine's cores and
// the run is CPU-bound; and with a few milliseconds added to every S3 request, standing in for the round trip to a
// real S3 endpoint, which is what concurrency exists to hide.
// Uses the test helpers for the servers (dev dependencies: a developer tool, not shipped code).
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { Client } from "pg";
import { startPostgres } from "../../test/helpers/postgres-server";
import { startS3ServerProcess, TEST_REGION } from "../../test/helpers/s3-server";
import { pgCandidateStore } from "./db";
import { migrateUploads } from "./migrate";
import { createS3Client } from "./s3-client";

const list = (text: string) => text.split(",").map(Number);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      files: { type: "string", default: "2000" },
      "size-kb": { type: "string", default: "200" },
      concurrency: { type: "string", default: "1,8" },
      "latency-ms": { type: "string", default: "0,5" },
    },
  });
  const files = Number(values.files);
  const size = Number(values["size-kb"]) * 1000;
  const levels = list(values.concurrency);
  const latencies = list(values["latency-ms"]);
  const megabytes = (files * size) / 1e6;

  const pg = await startPostgres();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "bench-uploads-"));
  const db = new Client({ connectionString: pg.url });
  try {
    process.stdout.write(`Preparing ${files} files of ${values["size-kb"]} KB (${megabytes.toFixed(0)} MB)...\n`);
    const content = Buffer.alloc(size, 0x25);
    for (let i = 0; i < files; i++) {
      content.writeUInt32BE(i, 0); // distinct files, distinct checksums
      await fs.writeFile(path.join(dir, `resume-${i}.pdf`), content);
    }
    await db.connect();
    await db.query("CREATE TABLE candidates (id SERIAL PRIMARY KEY, file_path VARCHAR)");
    await db.query(
      "INSERT INTO candidates (file_path) SELECT 'uploads/resume-' || g || '.pdf' FROM generate_series(0, $1::int - 1) g",
      [files],
    );

    for (const latencyMs of latencies) {
      // The S3 server runs in its own process, as a real S3 would be elsewhere: in this process it would compete
      // with the tool for one event loop.
      const s3 = await startS3ServerProcess({ latencyMs });
      Object.assign(process.env, s3.env);
      const label = latencyMs > 0 ? `S3 requests +${latencyMs} ms` : "loopback";
      try {
        const seconds: number[] = [];
        for (const concurrency of levels) {
          const bucket = `bench-l${latencyMs}-c${concurrency}`;
          await s3.createBucket(bucket);
          await db.query("UPDATE candidates SET file_path = 'uploads/' || regexp_replace(file_path, '^.*/', '')");
          const client = createS3Client({ region: TEST_REGION, endpointUrl: s3.endpoint });
          const summary = await migrateUploads(
            { target: { bucket, region: TEST_REGION, encryption: { mode: "AES256" } }, uploadsDir: dir, concurrency },
            { s3: client, db: pgCandidateStore(db) },
          );
          client.destroy();
          if (summary.migrated !== files || summary.fatal) {
            throw new Error(`concurrency ${concurrency}: migrated ${summary.migrated}/${files} ${summary.fatal ?? ""}`);
          }
          seconds.push(summary.seconds);
          process.stdout.write(
            `${label.padEnd(20)} concurrency ${String(concurrency).padStart(2)}: ${files} files in ` +
              `${summary.seconds.toFixed(1)} s = ${(files / summary.seconds).toFixed(0)} files/s, ` +
              `${(megabytes / summary.seconds).toFixed(1)} MB/s\n`,
          );
        }
        for (let i = 1; i < levels.length; i++) {
          process.stdout.write(
            `${label.padEnd(20)} speed-up at concurrency ${levels[i]} vs ${levels[0]}: ` +
              `${(seconds[0] / seconds[i]).toFixed(1)}x\n`,
          );
        }
      } finally {
        await s3.stop();
      }
    }
    process.stdout.write(`(${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)})\n`);
  } finally {
    await db.end().catch(() => undefined);
    await pg.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:migrate failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
