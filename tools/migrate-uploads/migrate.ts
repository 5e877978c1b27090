// The migration: for each candidate row with a local file_path, put the file in the bucket, prove the object is
// that file, then (and only then) point the row at it. Safe to interrupt at any moment and to rerun:
//   - a row changes only after its object was verified, one row per autocommitted UPDATE;
//   - an object already there with the same checksum is linked, not uploaded again;
//   - an object already there with different content is a conflict: reported, never overwritten;
//   - local files are only read, never deleted.
import type { S3Client } from "@aws-sdk/client-s3";
import { compareWithLocal, verifyUploaded, type RemoteObject } from "./compare";
import { isRowLevelDbError, type CandidateRow, type CandidateStore } from "./db";
import { describeError, FatalError, isFatalS3Error } from "./errors";
import { characterLength, fileNameOf, localPathFor, MAX_KEY_BYTES, objectKeyFor, s3UriFor } from "./keys";
import { assertUnchanged, LocalFileError, readLocalFile, type LocalFile } from "./local-file";
import { forEachBounded } from "./pool";
import { silentReporter, type Reporter } from "./progress";
import { formatBytes, type MigrationSummary, type ProblemKind } from "./report";
import { makeRetrier, retryContext, systemClock, type Clock, type RetryPolicy } from "./retry";
import { DEFAULT_PART_SIZE, ObjectStore } from "./s3-store";
import type { Target } from "./target";

export interface MigrateOptions {
  readonly target: Target;
  /** Directory holding the app's uploads/ files. */
  readonly uploadsDir: string;
  /** Key prefix, ending in "/". Default `resumes/`. */
  readonly prefix?: string;
  /** Objects in flight at once. Default `4`. */
  readonly concurrency?: number;
  /** Read and HEAD only; print what would happen. Default `false`. */
  readonly dryRun?: boolean;
  /** Multipart part size; files larger than this go multipart. Default `8 MiB`. */
  readonly partSize?: number;
  readonly retryPolicy?: RetryPolicy;
}

export interface MigrateHooks {
  /**
   * Called after an object is uploaded and verified, before its rows are updated: the most delicate moment for a
   * crash. Tests use it to kill the process there.
   */
  afterVerifiedUpload?(info: { key: string; bytes: number }): void | Promise<void>;
}

export interface MigrateDeps {
  readonly s3: S3Client;
  readonly db: CandidateStore;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly reporter?: Reporter;
  readonly hooks?: MigrateHooks;
  /** Aborting stops new rows from starting; rows in flight finish (Ctrl-C). */
  readonly signal?: AbortSignal;
}

/** Rows that share an object key (same file name) are handled together, so each object is uploaded once. */
interface KeyGroup {
  readonly key: string;
  readonly fileName: string;
  readonly rows: CandidateRow[];
}

export async function migrateUploads(options: MigrateOptions, deps: MigrateDeps): Promise<MigrationSummary> {
  const clock = deps.clock ?? systemClock;
  const reporter = deps.reporter ?? silentReporter;
  const { bucket, encryption } = options.target;
  const prefix = options.prefix ?? "resumes/";
  const dryRun = options.dryRun ?? false;
  const started = clock.now();
  const partSize = options.partSize ?? DEFAULT_PART_SIZE;
  const retry = makeRetrier(retryContext(options, deps, (line) => reporter.info(line)));
  const store = new ObjectStore(deps.s3, retry, partSize);

  const summary: MigrationSummary = {
    dryRun,
    rows: 0,
    migrated: 0,
    uploaded: 0,
    alreadyPresent: 0,
    skipped: 0,
    conflicts: 0,
    missing: 0,
    failed: 0,
    bytes: 0,
    seconds: 0,
    unfinished: 0,
    problems: [],
  };
  const problem = (kind: ProblemKind, rows: readonly CandidateRow[], detail: string): void => {
    for (const row of rows) {
      summary.problems.push({ kind, id: row.id, filePath: row.filePath, detail });
      if (kind === "conflict") summary.conflicts++;
      else if (kind === "missing") summary.missing++;
      else summary.failed++;
      reporter.problem(`${kind}: id=${row.id} ${row.filePath}: ${detail}`);
    }
    reporter.advance(rows.length, 0);
  };

  const rows = await deps.db.localRows();
  summary.skipped = (await deps.db.s3Rows()).length;
  summary.rows = rows.length;
  const maxLength = await deps.db.filePathMaxLength();
  reporter.start(rows.length, "rows");

  // Group rows by object key; rows whose path has no file name cannot be migrated.
  const groups = new Map<string, KeyGroup>();
  for (const row of rows) {
    const fileName = fileNameOf(row.filePath);
    if (!fileName) {
      problem("failed", [row], "file_path has no file name");
      continue;
    }
    const key = objectKeyFor(fileName, prefix);
    const group = groups.get(key) ?? { key, fileName, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }

  const linkRows = async (group: KeyGroup, uri: string, how: string): Promise<void> => {
    for (const row of group.rows) {
      if (dryRun) {
        summary.migrated++;
        reporter.info(`would migrate id=${row.id} ${row.filePath} -> ${uri} (${how})`);
        reporter.advance(1, 0);
        continue;
      }
      try {
        if (await deps.db.setFilePath(row.id, row.filePath, uri)) {
          summary.migrated++;
          reporter.info(`migrated id=${row.id} ${row.filePath} -> ${uri} (${how})`);
          reporter.advance(1, 0);
        } else {
          problem("failed", [row], "row changed or was deleted since the run started; left as it is");
        }
      } catch (err) {
        if (!isRowLevelDbError(err)) throw new FatalError(`database update failed: ${describeError(err)}`);
        problem("failed", [row], `database rejected the update: ${describeError(err)}`);
      }
    }
  };

  const processGroup = async (group: KeyGroup): Promise<void> => {
    const { key } = group;
    const uri = s3UriFor(bucket, key);
    if (Buffer.byteLength(key, "utf8") > MAX_KEY_BYTES) {
      return problem("failed", group.rows, `object key is longer than ${MAX_KEY_BYTES} bytes`);
    }
    if (maxLength !== undefined && characterLength(uri) > maxLength) {
      return problem("failed", group.rows, `${uri} does not fit candidates.file_path VARCHAR(${maxLength})`);
    }

    let local: LocalFile;
    try {
      local = await readLocalFile(localPathFor(options.uploadsDir, group.fileName), partSize);
    } catch (err) {
      if (err instanceof LocalFileError) return problem(localProblemKind(err), group.rows, err.message);
      throw err;
    }

    try {
      const existing = await store.lookup(bucket, key);
      const unseen = existing === "forbidden" ? " (HEAD was denied: no s3:ListBucket?)" : "";
      if (existing !== "absent" && existing !== "forbidden") {
        const conflict = await differsFrom(existing, local, key);
        if (conflict) return problem("conflict", group.rows, `${uri} already exists and differs: ${conflict}`);
        summary.alreadyPresent++;
        return await linkRows(group, uri, "object already in the bucket");
      }
      if (dryRun) {
        summary.uploaded++;
        summary.bytes += local.size;
        return await linkRows(
          group,
          uri,
          `upload ${formatBytes(local.size)}${local.multipart ? ", multipart" : ""}${unseen}`,
        );
      }

      const outcome = await store.upload(bucket, key, local, encryption);
      if (outcome === "already-exists") {
        // Someone created the key between our HEAD and our PUT; judge it like any existing object.
        const appeared = await store.head(bucket, key);
        const conflict = appeared ? await differsFrom(appeared, local, key) : "object vanished after a 412";
        if (conflict)
          return problem("conflict", group.rows, `${uri} appeared during the upload and differs: ${conflict}`);
        summary.alreadyPresent++;
        return await linkRows(group, uri, "object already in the bucket");
      }
      await assertUnchanged(local);
      const problems = verifyUploaded(await store.head(bucket, key), local, encryption);
      if (problems.length > 0) {
        return problem("failed", group.rows, `uploaded object failed verification: ${problems.join("; ")}`);
      }
      summary.uploaded++;
      summary.bytes += local.size;
      reporter.advance(0, local.size);
      await deps.hooks?.afterVerifiedUpload?.({ key, bytes: local.size });
      await linkRows(group, uri, `uploaded ${formatBytes(local.size)}${local.multipart ? " in parts" : ""}`);
    } catch (err) {
      if (err instanceof FatalError) throw err;
      if (isFatalS3Error(err)) throw new FatalError(`S3 ${key}: ${describeError(err)}`);
      if (err instanceof LocalFileError) return problem(localProblemKind(err), group.rows, err.message);
      problem("failed", group.rows, describeError(err));
    }
  };

  /** Undefined if `remote` holds the same bytes as `local`, else why not. Reads the object if the HEAD can't tell. */
  const differsFrom = async (remote: RemoteObject, local: LocalFile, key: string): Promise<string | undefined> => {
    const verdict = compareWithLocal(remote, local);
    if (verdict !== "unknown") return verdict.same ? undefined : verdict.reason;
    // No checksum we can compare (uploaded by another tool, e.g. the seed script): read it back and hash it.
    const read = await store.sha256Of(bucket, key);
    if (read.size !== local.size) return `object is ${read.size} bytes, local file ${local.size}`;
    return read.sha256 === local.sha256 ? undefined : `object sha256 ${read.sha256}, local ${local.sha256}`;
  };

  try {
    await forEachBounded(
      [...groups.values()],
      options.concurrency ?? 4,
      processGroup,
      () => deps.signal?.aborted ?? false,
    );
  } catch (err) {
    summary.fatal = err instanceof FatalError ? err.message : describeError(err);
  } finally {
    reporter.finish();
  }
  summary.unfinished = summary.rows - summary.migrated - summary.conflicts - summary.missing - summary.failed;
  summary.interrupted = deps.signal?.aborted ?? false;
  summary.seconds = (clock.now() - started) / 1000;
  return summary;
}

/** Missing or unreadable files are "missing"; a file that changed under us is a failure worth a rerun. */
function localProblemKind(err: LocalFileError): ProblemKind {
  return err.reason === "changed" ? "failed" : "missing";
}
