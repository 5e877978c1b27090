// Shared setup for the migrate-uploads tests: an app-like candidates table, upload files, running the CLI as a
// child process (the way operators run it), and reading objects back.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { GetObjectCommand, HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { Client } from "pg";

export const REPO_ROOT = path.resolve(__dirname, "../../..");
export const CLI = path.join(REPO_ROOT, "tools/migrate-uploads/cli.ts");

export const KMS_KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

export interface Row {
  id: number;
  file_path: string | null;
}

/** The app's table, reduced to what matters here: integer id, a VARCHAR file_path, and some other column. */
export async function createCandidates(
  url: string,
  filePaths: (string | null)[],
  fileColumn = "VARCHAR",
): Promise<void> {
  await withDb(url, async (db) => {
    await db.query(`CREATE TABLE candidates (id SERIAL PRIMARY KEY, name TEXT NOT NULL, file_path ${fileColumn})`);
    for (const [i, filePath] of filePaths.entries()) {
      await db.query("INSERT INTO candidates (name, file_path) VALUES ($1, $2)", [`Candidate ${i + 1}`, filePath]);
    }
  });
}

export async function readRows(url: string): Promise<Row[]> {
  return withDb(url, async (db) => (await db.query<Row>("SELECT id, file_path FROM candidates ORDER BY id")).rows);
}

export async function withDb<T>(url: string, fn: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

const tempDirs: string[] = [];

/** A fresh directory under the system temp dir; removeTempDirs() deletes every one made so far. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `starscreen-test-${prefix}`));
  tempDirs.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  const dirs = tempDirs.splice(0);
  await Promise.all(dirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
}

/** Deterministic pseudo-random bytes, different for each seed. */
export function bytes(size: number, seed: string): Buffer {
  const out = Buffer.alloc(size);
  let block = createHash("sha256").update(seed).digest();
  for (let offset = 0; offset < size; offset += block.length) {
    block.copy(out, offset);
    block = createHash("sha256").update(block).digest();
  }
  return out;
}

export async function writeUpload(dir: string, name: string, content: Buffer): Promise<void> {
  await fs.writeFile(path.join(dir, name), content);
}

export function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("base64");
}

export async function getObject(s3: S3Client, bucket: string, key: string): Promise<Buffer | undefined> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await out.Body!.transformToByteArray());
  } catch (err) {
    if ((err as { name?: string }).name === "NoSuchKey") return undefined;
    throw err;
  }
}

export async function headMetadata(s3: S3Client, bucket: string, key: string): Promise<Record<string, string>> {
  return (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).Metadata ?? {};
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a TypeScript entry point (the CLI by default) in a child process, as `npm run migrate-uploads` does but with
 * tsx loaded into node itself (`node --import tsx`) rather than the tsx wrapper, so that a process killed by a
 * signal is reported as killed (the wrapper turns SIGKILL into exit code 137).
 */
export function runTs(args: string[], env: Record<string, string>, script = CLI): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", script, ...args],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", FORCE_COLOR: "0" },
        timeout: 60_000,
        maxBuffer: 32 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const e = error as (Error & { code?: number | string; signal?: NodeJS.Signals }) | null;
        resolve({
          code: e ? (typeof e.code === "number" ? e.code : null) : 0,
          signal: e?.signal ?? null,
          stdout,
          stderr,
        });
      },
    );
  });
}

/** Non-empty lines of a text. */
export function lines(text: string): string[] {
  return text.split("\n").filter((l) => l.trim() !== "");
}
