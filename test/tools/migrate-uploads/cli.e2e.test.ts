// The CLI as operators run it (a child process via tsx), against a real PostgreSQL and a real S3-compatible
// server started here: crash and rerun, dry run, verify-only, stack outputs, exit codes and one-line errors.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { DeleteObjectCommand, HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startPostgres, type PostgresServer } from "../../helpers/postgres-server";
import { startS3Server, TEST_REGION, type S3TestServer } from "../../helpers/s3-server";
import {
  bytes,
  createCandidates,
  getObject,
  KMS_KEY_ARN,
  lines,
  readRows,
  removeTempDirs,
  runTs,
  tempDir,
  writeUpload,
  type RunResult,
} from "./fixtures";

const CRASH_RUNNER = path.join(__dirname, "crash-runner.ts");

let pg: PostgresServer;
let s3: S3TestServer;
let admin: S3Client;
let count = 0;

beforeAll(async () => {
  [pg, s3] = await Promise.all([startPostgres(), startS3Server()]);
  admin = s3.client();
});

afterAll(async () => {
  // Settle both even if one fails, so a server is never left running.
  await Promise.allSettled([s3?.stop(), pg?.stop()]);
  await removeTempDirs();
});

interface Setup {
  url: string;
  bucket: string;
  dir: string;
  files: Record<string, Buffer>;
  /** Flags common to every run of this setup. */
  flags: string[];
  cli(extra?: string[]): Promise<RunResult>;
}

async function setup(files: Record<string, Buffer>, filePaths: (string | null)[]): Promise<Setup> {
  const n = ++count;
  const url = await pg.createDatabase(`cli${n}`);
  const bucket = `cli-bucket-${n}`;
  await s3.createBucket(bucket);
  const dir = tempDir("uploads-");
  for (const [name, content] of Object.entries(files)) await writeUpload(dir, name, content);
  await createCandidates(url, filePaths);
  const flags = [
    "--database-url",
    url,
    "--uploads-dir",
    dir,
    "--bucket",
    bucket,
    "--region",
    TEST_REGION,
    "--kms-key-arn",
    KMS_KEY_ARN,
    "--endpoint-url",
    s3.endpoint,
  ];
  return { url, bucket, dir, files, flags, cli: (extra = []) => runTs([...flags, ...extra], s3.env) };
}

function manyFiles(count: number, size: number, tag: string): Record<string, Buffer> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `${tag} résumé ${String(i).padStart(2, "0")}.pdf`,
      bytes(size, `${tag}${i}`),
    ]),
  );
}

async function objectExists(bucket: string, key: string): Promise<boolean> {
  try {
    await admin.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

/** Every s3:// row must point at an object that exists: the invariant a crash must never break. */
async function expectNoDanglingRows(url: string, bucket: string): Promise<void> {
  for (const row of await readRows(url)) {
    if (row.file_path?.startsWith("s3://")) {
      const key = row.file_path.slice(`s3://${bucket}/`.length);
      expect(await objectExists(bucket, key), row.file_path).toBe(true);
    }
  }
}

describe("crash and rerun", () => {
  it("at concurrency 1: killed after the 3rd verified upload, the rerun finishes and uploads nothing twice", async () => {
    const files = manyFiles(8, 30_000, "c1");
    const s = await setup(
      files,
      Object.keys(files).map((f) => `uploads/${f}`),
    );

    const crashed = await runTs(
      [...s.flags, "--concurrency", "1"],
      { ...s3.env, CRASH_AFTER_VERIFIED_UPLOADS: "3" },
      CRASH_RUNNER,
    );
    expect(crashed.signal).toBe("SIGKILL");
    const afterCrash = await readRows(s.url);
    // Rows 1-2 were updated; object 3 was verified but its row not yet updated when the process died.
    expect(afterCrash.filter((r) => r.file_path?.startsWith("s3://")).map((r) => r.id)).toEqual([1, 2]);
    expect([...s3.completedUploads(s.bucket).keys()]).toHaveLength(3);
    await expectNoDanglingRows(s.url, s.bucket);

    const rerun = await s.cli(["--concurrency", "1"]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/Summary: 6 migrated \(5 uploaded, 1 already in the bucket\), 2 skipped/);
    const rows = await readRows(s.url);
    expect(rows.map((r) => r.file_path)).toEqual(Object.keys(files).map((f) => `s3://${s.bucket}/resumes/${f}`));
    const uploads = s3.completedUploads(s.bucket);
    expect(uploads.size).toBe(8);
    expect([...uploads.values()].every((n) => n === 1)).toBe(true);
    await expectNoDanglingRows(s.url, s.bucket);
  });

  it("at concurrency 4 with a multipart file: every row migrated exactly once after the rerun", async () => {
    const files = { ...manyFiles(12, 60_000, "c4"), "large.pdf": bytes(9 * 1024 * 1024, "large") };
    const s = await setup(
      files,
      Object.keys(files).map((f) => `uploads/${f}`),
    );

    const crashed = await runTs(
      [...s.flags, "--concurrency", "4"],
      { ...s3.env, CRASH_AFTER_VERIFIED_UPLOADS: "5" },
      CRASH_RUNNER,
    );
    expect(crashed.signal).toBe("SIGKILL");
    await expectNoDanglingRows(s.url, s.bucket);
    expect((await readRows(s.url)).some((r) => r.file_path?.startsWith("uploads/"))).toBe(true);

    const rerun = await s.cli(["--concurrency", "4"]);
    expect(rerun.code, rerun.stderr).toBe(0);
    const again = await s.cli(["--concurrency", "4"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Summary: 0 migrated .* 13 skipped/);

    expect((await readRows(s.url)).map((r) => r.file_path)).toEqual(
      Object.keys(files).map((f) => `s3://${s.bucket}/resumes/${f}`),
    );
    const uploads = s3.completedUploads(s.bucket);
    expect(uploads.size).toBe(13);
    expect([...uploads.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    for (const [name, content] of Object.entries(files)) {
      expect((await getObject(admin, s.bucket, `resumes/${name}`))?.equals(content), name).toBe(true);
    }
  });
});

describe("Ctrl-C", () => {
  it("finishes the rows in flight, prints the summary, exits 1, and the rerun completes", async () => {
    const files = manyFiles(10, 20_000, "int");
    const s = await setup(
      files,
      Object.keys(files).map((f) => `uploads/${f}`),
    );
    const env = { ...s3.env, CRASH_AFTER_VERIFIED_UPLOADS: "3", CRASH_SIGNAL: "SIGINT" };
    const interrupted = await runTs([...s.flags, "--concurrency", "1"], env, CRASH_RUNNER);
    expect(interrupted.signal).toBeNull();
    expect(interrupted.code).toBe(1);
    expect(interrupted.stderr).toContain("interrupted; finishing the rows in flight");
    expect(interrupted.stdout).toMatch(/Summary: \d+ migrated/);
    expect(interrupted.stdout).toContain("Interrupted: rows finished so far are safe; rerun to continue.");
    const migrated = (await readRows(s.url)).filter((r) => r.file_path?.startsWith("s3://")).length;
    // The row whose upload was being verified when Ctrl-C arrived is finished, not abandoned.
    expect(migrated).toBeGreaterThanOrEqual(3);
    expect(migrated).toBeLessThan(10);
    await expectNoDanglingRows(s.url, s.bucket);

    const rerun = await s.cli(["--concurrency", "1"]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect((await readRows(s.url)).every((r) => r.file_path?.startsWith("s3://"))).toBe(true);
    expect([...s3.completedUploads(s.bucket).values()]).toEqual(Array(10).fill(1));
  });
});

describe("--dry-run", () => {
  it("changes nothing, says what would happen, and exits 1 because a file is missing", async () => {
    const files = { "a.pdf": bytes(1000, "a"), "b c.pdf": bytes(2000, "b") };
    const s = await setup(files, [
      "uploads/a.pdf",
      "s3://elsewhere/resumes/x.pdf",
      "uploads/b c.pdf",
      "uploads/gone.pdf",
    ]);
    const before = await readRows(s.url);
    const result = await s.cli(["--dry-run"]);
    expect(result.code).toBe(1);
    expect(await readRows(s.url)).toEqual(before);
    const writes = s3.requests.filter(
      (r) => r.bucket === s.bucket && r.key && r.method !== "HEAD" && r.method !== "GET",
    );
    expect(writes).toEqual([]);
    expect(result.stdout).toContain(
      `would migrate id=1 uploads/a.pdf -> s3://${s.bucket}/resumes/a.pdf (upload 1000 B)`,
    );
    expect(result.stdout).toContain(`would migrate id=3 uploads/b c.pdf -> s3://${s.bucket}/resumes/b c.pdf`);
    expect(result.stdout).toMatch(
      /Dry run \(nothing changed\): 2 would be migrated \(2 to upload, 0 already in the bucket\), 1 skipped .* 1 missing/,
    );
    expect(result.stderr).toContain("missing: id=4 uploads/gone.pdf");
  });
});

describe("--verify-only", () => {
  it("passes after a migration, then finds a deleted object and a local file that differs", async () => {
    const files = { "a.pdf": bytes(1000, "a"), "b.pdf": bytes(2000, "b"), "c.pdf": bytes(3000, "c") };
    const s = await setup(files, ["uploads/a.pdf", "uploads/b.pdf", "uploads/c.pdf"]);
    expect((await s.cli()).code).toBe(0);

    const ok = await s.cli(["--verify-only"]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Verify: 3\/3 s3:\/\/ rows OK \(3 compared with a local file\)/);
    expect(ok.stdout).toContain("PASSED");

    await admin.send(new DeleteObjectCommand({ Bucket: s.bucket, Key: "resumes/b.pdf" }));
    await fs.appendFile(path.join(s.dir, "c.pdf"), "edited");
    const bad = await s.cli(["--verify-only"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(new RegExp(`object-missing +id=2 s3://${s.bucket}/resumes/b.pdf: no object`));
    expect(bad.stdout).toMatch(/mismatch +id=3 .*object is 3000 bytes, local file 3006/);
    expect(bad.stdout).toContain("FAILED");
    // Verifying changes nothing.
    expect((await readRows(s.url)).map((r) => r.file_path)).toEqual(
      ["a", "b", "c"].map((n) => `s3://${s.bucket}/resumes/${n}.pdf`),
    );
  });

  it("fails while rows still point at local files, and passes on objects whose local copy is gone", async () => {
    const s = await setup({ "a.pdf": bytes(500, "a") }, ["uploads/a.pdf", "uploads/later.pdf"]);
    expect((await s.cli()).code).toBe(1); // later.pdf is missing
    await fs.rm(path.join(s.dir, "a.pdf"));
    const result = await s.cli(["--verify-only"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/pending +id=2 uploads\/later.pdf/);
    expect(result.stdout).toMatch(
      /Verify: 1\/1 s3:\/\/ rows OK \(0 compared with a local file\), 0 problems, 1 rows still local/,
    );
  });
});

describe("--stack", () => {
  it("takes bucket, region and KMS key from a `pulumi stack output --json` file", async () => {
    const s = await setup({ "a.pdf": bytes(700, "a") }, ["uploads/a.pdf"]);
    const stackKey = "arn:aws:kms:us-east-1:444455556666:key/feedface-0000-1111-2222-333344445555";
    const outputs = path.join(tempDir("stack-"), "prod.json");
    await fs.writeFile(
      outputs,
      JSON.stringify({ bucketName: s.bucket, bucketRegion: TEST_REGION, kmsKeyArn: stackKey, replicaBucketName: "r" }),
    );
    const result = await runTs(
      ["--database-url", s.url, "--uploads-dir", s.dir, "--stack", outputs, "--endpoint-url", s3.endpoint],
      s3.env,
    );
    expect(result.code, result.stderr).toBe(0);
    const put = s3.requests.find((r) => r.bucket === s.bucket && r.op === "PutObject");
    expect(put?.headers["x-amz-server-side-encryption"]).toBe("aws:kms");
    expect(put?.headers["x-amz-server-side-encryption-aws-kms-key-id"]).toBe(stackKey);
  });
});

describe("errors and exit codes", () => {
  it.each([
    ["no arguments", []],
    [
      "an unknown flag",
      ["--database-url", "postgresql://x@127.0.0.1/db", "--uploads-dir", "/tmp", "--stack", "dev", "--bukcet", "b"],
    ],
    [
      "--bucket without --region",
      ["--database-url", "postgresql://x@127.0.0.1/db", "--uploads-dir", "/tmp", "--bucket", "abc"],
    ],
    [
      "a zero concurrency",
      [
        "--database-url",
        "postgresql://x@127.0.0.1/db",
        "--uploads-dir",
        "/tmp",
        "--stack",
        "dev",
        "--concurrency",
        "0",
      ],
    ],
    [
      "an uploads dir that does not exist",
      [
        "--database-url",
        "postgresql://x@127.0.0.1/db",
        "--uploads-dir",
        "/no/such/dir",
        "--bucket",
        "abc",
        "--region",
        "us-east-1",
      ],
    ],
  ])("exits 2 with one line for %s", async (_name, argv) => {
    const result = await runTs(argv, s3.env);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/^migrate-uploads: .*\(see --help\)\n$/);
    expect(result.stdout).toBe("");
  });

  it("exits 2 with one line, and no password, when the database is unreachable", async () => {
    const port = await freePort();
    const dir = tempDir("uploads-");
    const result = await runTs(
      [
        "--database-url",
        `postgresql://app:s3cret@127.0.0.1:${port}/starscreen`,
        "--uploads-dir",
        dir,
        "--bucket",
        "abc",
        "--region",
        "us-east-1",
      ],
      s3.env,
    );
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(`^migrate-uploads: cannot connect to the database at 127.0.0.1:${port}/starscreen: .*ECONNREFUSED`),
      ),
    ]);
    expect(result.stderr + result.stdout).not.toContain("s3cret");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 when the database has no candidates table", async () => {
    const url = await pg.createDatabase(`empty${++count}`);
    const result = await runTs(
      ["--database-url", url, "--uploads-dir", tempDir("uploads-"), "--bucket", "abc", "--region", "us-east-1"],
      s3.env,
    );
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(/has no usable candidates\(id, file_path\): relation "candidates" does not exist/),
    ]);
  });

  it("prints usage with --help and exits 0", async () => {
    const result = await runTs(["--help"], s3.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run migrate-uploads/);
  });
});
