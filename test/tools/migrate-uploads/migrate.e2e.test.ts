// migrateUploads against a real PostgreSQL and a real S3-compatible server (s3rver behind a recording proxy),
// both started by this file. The S3 client is the tool's own (createS3Client), finding s3rver's keys through the
// SDK's default credential chain like it would find a profile or role.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgCandidateStore } from "../../../tools/migrate-uploads/db";
import { migrateUploads, type MigrateOptions } from "../../../tools/migrate-uploads/migrate";
import { verifyPassed } from "../../../tools/migrate-uploads/report";
import { verifyUploads } from "../../../tools/migrate-uploads/verify";
import type { Reporter } from "../../../tools/migrate-uploads/progress";
import { createS3Client } from "../../../tools/migrate-uploads/s3-client";
import type { Clock } from "../../../tools/migrate-uploads/retry";
import { startPostgres, type PostgresServer } from "../../helpers/postgres-server";
import { startS3Server, TEST_REGION, type S3TestServer } from "../../helpers/s3-server";
import {
  bytes,
  createCandidates,
  getObject,
  headMetadata,
  KMS_KEY_ARN,
  readRows,
  removeTempDirs,
  sha256,
  tempDir,
  withDb,
  writeUpload,
} from "./fixtures";

let pg: PostgresServer;
let s3: S3TestServer;
let admin: S3Client;
let dbCount = 0;

beforeAll(async () => {
  [pg, s3] = await Promise.all([startPostgres(), startS3Server()]);
  Object.assign(process.env, s3.env, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" });
  admin = s3.client();
});

afterAll(async () => {
  // Settle both even if one fails, so a server is never left running.
  await Promise.allSettled([s3?.stop(), pg?.stop()]);
  await removeTempDirs();
});

interface Scenario {
  url: string;
  bucket: string;
  dir: string;
  db: Client;
  s3: S3Client;
  /** Runs the migration with a fresh pg connection and the tool's S3 client. */
  run(
    options?: Partial<MigrateOptions>,
    extra?: { clock?: Clock; hooks?: Parameters<typeof migrateUploads>[1]["hooks"] },
  ): ReturnType<typeof migrateUploads>;
  lines: string[];
}

/** A database with the given rows, an uploads dir with the given files and an empty bucket. */
async function scenario(
  files: Record<string, Buffer>,
  filePaths: (string | null)[],
  fileColumn?: string,
): Promise<Scenario> {
  const name = `db${++dbCount}`;
  const url = await pg.createDatabase(name);
  const bucket = `bucket-${dbCount}`;
  await s3.createBucket(bucket);
  const dir = tempDir("uploads-");
  for (const [file, content] of Object.entries(files)) await writeUpload(dir, file, content);
  await createCandidates(url, filePaths, fileColumn);
  const db = new Client({ connectionString: url });
  await db.connect();
  const client = createS3Client({ region: TEST_REGION, endpointUrl: s3.endpoint });
  const lines: string[] = [];
  const reporter: Reporter = {
    start: () => undefined,
    advance: () => undefined,
    info: (l) => void lines.push(l),
    problem: (l) => void lines.push(l),
    finish: () => undefined,
  };
  return {
    url,
    bucket,
    dir,
    db,
    s3: client,
    lines,
    run: (options = {}, extra = {}) =>
      migrateUploads(
        {
          target: { bucket, region: TEST_REGION, encryption: { mode: "aws:kms", kmsKeyArn: KMS_KEY_ARN } },
          uploadsDir: dir,
          concurrency: 4,
          ...options,
        },
        { s3: client, db: pgCandidateStore(db), reporter, clock: extra.clock, hooks: extra.hooks },
      ),
  };
}

async function close(sc: Scenario): Promise<void> {
  await sc.db.end();
  sc.s3.destroy();
}

const writesTo = (bucket: string) =>
  s3.requests.filter(
    (r) =>
      r.bucket === bucket &&
      ["PutObject", "UploadPart", "CreateMultipartUpload", "CompleteMultipartUpload"].includes(r.op),
  );

describe("migrateUploads on a mixed table", () => {
  const big = bytes(20 * 1024 * 1024 + 4321, "big");
  const files: Record<string, Buffer> = {
    "alice.pdf": bytes(150_000, "alice"),
    "bob smith.docx": bytes(42_000, "bob"),
    "Zoë Ångström – CV.pdf": bytes(64_000, "zoe"),
    "履歴書.pdf": bytes(9_000, "rirekisho"),
    "conflict.pdf": bytes(5_000, "local version"),
    "big.pdf": big,
    "empty.txt": Buffer.alloc(0),
  };
  const filePaths = [
    "uploads/alice.pdf",
    "uploads/bob smith.docx",
    "s3://BUCKET/resumes/already.pdf",
    "uploads/Zoë Ångström – CV.pdf",
    "/var/app/uploads/履歴書.pdf",
    "uploads/missing.pdf",
    "uploads/conflict.pdf",
    "uploads/big.pdf",
    null,
    "uploads/alice.pdf", // a second candidate with the same resume file
    "uploads/empty.txt",
  ];
  let sc: Scenario;
  let first: Awaited<ReturnType<typeof migrateUploads>>;
  const conflictingContent = Buffer.from("someone else's file with the same name");

  beforeAll(async () => {
    sc = await scenario(files, filePaths);
    await admin.send(
      new PutObjectCommand({
        Bucket: sc.bucket,
        Key: "resumes/conflict.pdf",
        Body: conflictingContent,
        Metadata: { sha256: sha256(conflictingContent) },
      }),
    );
    s3.clearRequests();
    first = await sc.run();
  });
  afterAll(async () => close(sc));

  it("migrates every local row with a file, and only those", async () => {
    const rows = await readRows(sc.url);
    const b = sc.bucket;
    expect(rows.map((r) => r.file_path)).toEqual([
      `s3://${b}/resumes/alice.pdf`,
      `s3://${b}/resumes/bob smith.docx`,
      "s3://BUCKET/resumes/already.pdf",
      `s3://${b}/resumes/Zoë Ångström – CV.pdf`,
      `s3://${b}/resumes/履歴書.pdf`,
      "uploads/missing.pdf",
      "uploads/conflict.pdf",
      `s3://${b}/resumes/big.pdf`,
      null,
      `s3://${b}/resumes/alice.pdf`,
      `s3://${b}/resumes/empty.txt`,
    ]);
    expect(first).toMatchObject({
      rows: 9,
      migrated: 7,
      uploaded: 6,
      alreadyPresent: 0,
      skipped: 1,
      conflicts: 1,
      missing: 1,
      failed: 0,
      unfinished: 0,
      bytes: Object.values(files).reduce((n, f) => n + f.length, 0) - files["conflict.pdf"].length,
    });
    expect(first.fatal).toBeUndefined();
    expect(first.problems.map((p) => [p.kind, p.filePath])).toEqual(
      expect.arrayContaining([
        ["missing", "uploads/missing.pdf"],
        ["conflict", "uploads/conflict.pdf"],
      ]),
    );
  });

  it("stores exactly the local bytes, with their SHA-256 as metadata", async () => {
    for (const [name, content] of Object.entries(files)) {
      if (name === "conflict.pdf") continue;
      const stored = await getObject(admin, sc.bucket, `resumes/${name}`);
      expect(stored?.equals(content), name).toBe(true);
      expect((await headMetadata(admin, sc.bucket, `resumes/${name}`)).sha256).toBe(sha256(content));
    }
  });

  it("never overwrites a conflicting object", async () => {
    expect((await getObject(admin, sc.bucket, "resumes/conflict.pdf"))?.equals(conflictingContent)).toBe(true);
    expect(writesTo(sc.bucket).filter((r) => r.key === "resumes/conflict.pdf")).toEqual([]);
    expect(first.problems.find((p) => p.kind === "conflict")?.detail).toMatch(/already exists and differs: object is/);
  });

  it("sends SSE-KMS with the stack's key, a SHA-256 checksum and If-None-Match on every upload", () => {
    const creations = writesTo(sc.bucket).filter((r) => r.op === "PutObject" || r.op === "CreateMultipartUpload");
    expect(creations.map((r) => r.key).sort()).toEqual(
      ["alice.pdf", "big.pdf", "bob smith.docx", "empty.txt", "Zoë Ångström – CV.pdf", "履歴書.pdf"]
        .map((n) => `resumes/${n}`)
        .sort(),
    );
    for (const r of creations) {
      expect(r.headers["x-amz-server-side-encryption"], r.key).toBe("aws:kms");
      expect(r.headers["x-amz-server-side-encryption-aws-kms-key-id"], r.key).toBe(KMS_KEY_ARN);
      expect(r.headers["x-amz-meta-sha256"], r.key).toBe(sha256(files[path.basename(r.key!)]));
    }
    for (const r of creations.filter((c) => c.op === "PutObject")) {
      expect(r.headers["x-amz-checksum-sha256"], r.key).toBe(sha256(files[path.basename(r.key!)]));
      expect(r.headers["if-none-match"], r.key).toBe("*");
    }
  });

  it("sends the 20 MB file as a multipart upload with a SHA-256 per part", () => {
    const bigWrites = writesTo(sc.bucket).filter((r) => r.key === "resumes/big.pdf");
    expect(bigWrites.map((r) => r.op).sort()).toEqual([
      "CompleteMultipartUpload",
      "CreateMultipartUpload",
      "UploadPart",
      "UploadPart",
      "UploadPart",
    ]);
    expect(bigWrites.find((r) => r.op === "CreateMultipartUpload")?.headers["x-amz-checksum-algorithm"]).toBe("SHA256");
    expect(bigWrites.find((r) => r.op === "CompleteMultipartUpload")?.headers["if-none-match"]).toBe("*");
    const MiB8 = 8 * 1024 * 1024;
    const expectedPartHashes = [big.subarray(0, MiB8), big.subarray(MiB8, 2 * MiB8), big.subarray(2 * MiB8)].map(
      sha256,
    );
    const sentPartHashes = bigWrites
      .filter((r) => r.op === "UploadPart")
      .sort((a, b) => Number(a.query.get("partNumber")) - Number(b.query.get("partNumber")))
      .map((r) => r.headers["x-amz-checksum-sha256"]);
    expect(sentPartHashes).toEqual(expectedPartHashes);
  });

  it("uploads a file shared by two rows once", () => {
    expect(s3.completedUploads(sc.bucket).get("resumes/alice.pdf")).toBe(1);
  });

  it("never deletes local files", async () => {
    expect((await fs.readdir(sc.dir)).sort()).toEqual(Object.keys(files).sort());
  });

  it("does nothing on a rerun but report the same conflict and missing file", async () => {
    const before = await readRows(sc.url);
    s3.clearRequests();
    const again = await sc.run();
    expect(writesTo(sc.bucket)).toEqual([]);
    expect(await readRows(sc.url)).toEqual(before);
    expect(again).toMatchObject({ rows: 2, migrated: 0, uploaded: 0, skipped: 8, conflicts: 1, missing: 1, bytes: 0 });
  });
});

describe("migrateUploads with SSE-S3", () => {
  it("asks for AES256 and sends no KMS key", async () => {
    const sc = await scenario({ "a.pdf": bytes(1000, "a") }, ["uploads/a.pdf"]);
    try {
      const summary = await sc.run({
        target: { bucket: sc.bucket, region: TEST_REGION, encryption: { mode: "AES256" } },
      });
      expect(summary.migrated).toBe(1);
      const put = writesTo(sc.bucket).find((r) => r.op === "PutObject");
      expect(put?.headers["x-amz-server-side-encryption"]).toBe("AES256");
      expect(put?.headers).not.toHaveProperty("x-amz-server-side-encryption-aws-kms-key-id");
    } finally {
      await close(sc);
    }
  });
});

describe("objects already in the bucket", () => {
  it("links an object uploaded by the seed script (no metadata) when its bytes match, and flags one that differs", async () => {
    const same = bytes(3000, "same");
    const local = bytes(3000, "local");
    const sc = await scenario({ "same.pdf": same, "differs.pdf": local }, ["uploads/same.pdf", "uploads/differs.pdf"]);
    try {
      await admin.send(new PutObjectCommand({ Bucket: sc.bucket, Key: "resumes/same.pdf", Body: same }));
      await admin.send(
        new PutObjectCommand({ Bucket: sc.bucket, Key: "resumes/differs.pdf", Body: bytes(3000, "remote") }),
      );
      s3.clearRequests();
      const summary = await sc.run();
      expect(summary).toMatchObject({ migrated: 1, uploaded: 0, alreadyPresent: 1, conflicts: 1 });
      expect(writesTo(sc.bucket)).toEqual([]);
      // Without a checksum on the HEAD, the tool had to read both objects back.
      expect(s3.requests.filter((r) => r.op === "GetObject" && r.bucket === sc.bucket)).toHaveLength(2);
      expect((await readRows(sc.url)).map((r) => r.file_path)).toEqual([
        `s3://${sc.bucket}/resumes/same.pdf`,
        "uploads/differs.pdf",
      ]);
    } finally {
      await close(sc);
    }
  });
});

describe("a caller without s3:ListBucket (HEAD on a missing key answers 403)", () => {
  it("uploads with If-None-Match and verifies", async () => {
    const sc = await scenario({ "a.pdf": bytes(1000, "a") }, ["uploads/a.pdf"]);
    try {
      s3.injectFault({
        match: (r) => r.bucket === sc.bucket && r.op === "HeadObject",
        times: 1,
        status: 403,
        code: "AccessDenied",
      });
      const summary = await sc.run({}, {});
      expect(summary).toMatchObject({ migrated: 1, uploaded: 1 });
      expect(summary.fatal).toBeUndefined();
      const put = writesTo(sc.bucket).find((r) => r.op === "PutObject");
      expect(put?.headers["if-none-match"]).toBe("*");
    } finally {
      await close(sc);
    }
  });

  it("compares, never overwrites, when the conditional upload finds an object it could not see", async () => {
    const local = bytes(1000, "local");
    const remote = bytes(1000, "remote");
    const sc = await scenario({ "same.pdf": local, "other.pdf": local }, ["uploads/same.pdf", "uploads/other.pdf"]);
    try {
      await admin.send(
        new PutObjectCommand({
          Bucket: sc.bucket,
          Key: "resumes/same.pdf",
          Body: local,
          Metadata: { sha256: sha256(local) },
        }),
      );
      await admin.send(
        new PutObjectCommand({
          Bucket: sc.bucket,
          Key: "resumes/other.pdf",
          Body: remote,
          Metadata: { sha256: sha256(remote) },
        }),
      );
      s3.clearRequests();
      // First HEAD of each key denied; the PUTs answer 412 as S3 does for If-None-Match on an existing key.
      for (const key of ["resumes/same.pdf", "resumes/other.pdf"]) {
        const match = (op: string) => (r: { bucket?: string; op: string; key?: string }) =>
          r.bucket === sc.bucket && r.op === op && r.key === key;
        s3.injectFault({ match: match("HeadObject"), times: 1, status: 403, code: "AccessDenied" });
        s3.injectFault({ match: match("PutObject"), times: 1, status: 412, code: "PreconditionFailed" });
      }
      const summary = await sc.run({ concurrency: 1 });
      expect(summary).toMatchObject({ migrated: 1, uploaded: 0, alreadyPresent: 1, conflicts: 1 });
      expect(summary.problems[0].detail).toMatch(/appeared during the upload and differs/);
      expect((await getObject(admin, sc.bucket, "resumes/other.pdf"))?.equals(remote)).toBe(true);
      expect((await readRows(sc.url)).map((r) => r.file_path)).toEqual([
        `s3://${sc.bucket}/resumes/same.pdf`,
        "uploads/other.pdf",
      ]);
    } finally {
      await close(sc);
    }
  });
});

describe("verifyUploads", () => {
  it("reports a denied HEAD as a missing object, never as verified", async () => {
    const sc = await scenario({ "a.pdf": bytes(100, "a"), "b.pdf": bytes(100, "b") }, [
      "uploads/a.pdf",
      "uploads/b.pdf",
    ]);
    try {
      expect((await sc.run()).migrated).toBe(2);
      s3.injectFault({
        match: (r) => r.bucket === sc.bucket && r.op === "HeadObject" && r.key === "resumes/b.pdf",
        times: 1,
        status: 403,
        code: "AccessDenied",
      });
      const summary = await verifyUploads(
        { target: { bucket: sc.bucket, region: TEST_REGION, encryption: { mode: "AES256" } }, uploadsDir: sc.dir },
        { s3: sc.s3, db: pgCandidateStore(sc.db) },
      );
      expect(summary).toMatchObject({ checked: 2, ok: 1, comparedWithLocal: 1, pending: 0 });
      expect(summary.problems).toEqual([
        expect.objectContaining({ kind: "object-missing", id: 2, detail: expect.stringMatching(/denied \(403\)/) }),
      ]);
      expect(verifyPassed(summary)).toBe(false);
    } finally {
      await close(sc);
    }
  });
});

describe("failures along the way", () => {
  const instantClock = (): Clock & { sleeps: number[] } => {
    const sleeps: number[] = [];
    return { sleeps, now: () => performance.now(), sleep: async (ms) => void sleeps.push(ms) };
  };

  it("retries throttling and 5xx with backoff, then completes", async () => {
    const sc = await scenario({ "a.pdf": bytes(2000, "a"), "b.pdf": bytes(2000, "b") }, [
      "uploads/a.pdf",
      "uploads/b.pdf",
    ]);
    try {
      s3.injectFault({
        match: (r) => r.bucket === sc.bucket && r.op === "PutObject" && r.key === "resumes/a.pdf",
        times: 2,
        status: 503,
        code: "SlowDown",
      });
      s3.injectFault({
        match: (r) => r.bucket === sc.bucket && r.op === "HeadObject" && r.key === "resumes/b.pdf",
        times: 1,
        status: 500,
        code: "InternalError",
      });
      const clock = instantClock();
      const summary = await sc.run({ concurrency: 1 }, { clock });
      expect(summary).toMatchObject({ migrated: 2, failed: 0 });
      const puts = s3.requests.filter(
        (r) => r.bucket === sc.bucket && r.op === "PutObject" && r.key === "resumes/a.pdf",
      );
      expect(puts.map((r) => r.status)).toEqual([503, 503, 200]);
      expect(clock.sleeps).toHaveLength(3);
      // Exponential: the second wait of the PUT is at least the first one's base.
      expect(clock.sleeps[1]).toBeGreaterThanOrEqual(250);
      expect(sc.lines.filter((l) => l.startsWith("retry:"))).toHaveLength(3);
    } finally {
      await close(sc);
    }
  });

  it("leaves a row untouched when retries run out, and carries on with the others", async () => {
    const sc = await scenario({ "a.pdf": bytes(2000, "a"), "b.pdf": bytes(2000, "b") }, [
      "uploads/a.pdf",
      "uploads/b.pdf",
    ]);
    try {
      s3.injectFault({
        match: (r) => r.bucket === sc.bucket && r.op === "PutObject" && r.key === "resumes/a.pdf",
        times: 100,
        status: 500,
        code: "InternalError",
      });
      const summary = await sc.run(
        { retryPolicy: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } },
        { clock: instantClock() },
      );
      expect(summary).toMatchObject({ migrated: 1, failed: 1 });
      expect(summary.problems[0]).toMatchObject({ kind: "failed", filePath: "uploads/a.pdf" });
      expect(summary.problems[0].detail).toMatch(/InternalError \(HTTP 500\)/);
      expect((await readRows(sc.url)).map((r) => r.file_path)).toEqual([
        "uploads/a.pdf",
        `s3://${sc.bucket}/resumes/b.pdf`,
      ]);
      expect(
        s3.requests.filter((r) => r.op === "PutObject" && r.key === "resumes/a.pdf" && r.bucket === sc.bucket),
      ).toHaveLength(3);
    } finally {
      await close(sc);
    }
  });

  it("stops starting new rows on an error that affects them all (access denied)", async () => {
    const names = Array.from({ length: 6 }, (_, i) => `f${i}.pdf`);
    const sc = await scenario(
      Object.fromEntries(names.map((n) => [n, bytes(1000, n)])),
      names.map((n) => `uploads/${n}`),
    );
    try {
      s3.injectFault({
        match: (r) => r.op === "PutObject" && r.bucket === sc.bucket,
        times: 100,
        status: 403,
        code: "AccessDenied",
      });
      const summary = await sc.run({ concurrency: 1 });
      expect(summary.fatal).toMatch(/AccessDenied \(HTTP 403\)/);
      expect(summary).toMatchObject({ migrated: 0, failed: 0, unfinished: 6 });
      expect(s3.requests.filter((r) => r.op === "PutObject" && r.bucket === sc.bucket)).toHaveLength(1);
      expect((await readRows(sc.url)).every((r) => r.file_path?.startsWith("uploads/"))).toBe(true);
    } finally {
      await close(sc);
    }
  });

  it("does not overwrite a row the app changed while its file was uploading", async () => {
    const sc = await scenario({ "a.pdf": bytes(1000, "a") }, ["uploads/a.pdf"]);
    try {
      const summary = await sc.run(
        {},
        {
          hooks: {
            afterVerifiedUpload: () =>
              withDb(sc.url, (db) =>
                db.query("UPDATE candidates SET file_path = 'uploads/a-v2.pdf' WHERE id = 1"),
              ).then(() => undefined),
          },
        },
      );
      expect(summary).toMatchObject({ migrated: 0, failed: 1 });
      expect(summary.problems[0].detail).toMatch(/row changed/);
      expect((await readRows(sc.url))[0].file_path).toBe("uploads/a-v2.pdf");
    } finally {
      await close(sc);
    }
  });

  it("refuses before uploading when the s3:// URI would not fit the column", async () => {
    const long = `${"x".repeat(40)}.pdf`;
    const sc = await scenario(
      { [long]: bytes(10, "l"), "ok.pdf": bytes(10, "o") },
      [`uploads/${long}`, "uploads/ok.pdf"],
      "VARCHAR(60)",
    );
    try {
      const summary = await sc.run();
      expect(summary).toMatchObject({ migrated: 1, failed: 1 });
      expect(summary.problems[0].detail).toMatch(/does not fit candidates.file_path VARCHAR\(60\)/);
      expect(writesTo(sc.bucket).map((r) => r.key)).toEqual(["resumes/ok.pdf"]);
    } finally {
      await close(sc);
    }
  });
});

describe("concurrency", () => {
  it("keeps at most N uploads in flight, and uses them", async () => {
    const names = Array.from({ length: 30 }, (_, i) => `cv-${i}.pdf`);
    const sc = await scenario(
      Object.fromEntries(names.map((n) => [n, bytes(200_000, n)])),
      names.map((n) => `uploads/${n}`),
    );
    try {
      s3.clearRequests();
      const summary = await sc.run({ concurrency: 3 });
      expect(summary.migrated).toBe(30);
      expect(s3.peakConcurrentWrites()).toBeLessThanOrEqual(3);
      expect(s3.peakConcurrentWrites()).toBeGreaterThanOrEqual(2);
    } finally {
      await close(sc);
    }
  });
});
