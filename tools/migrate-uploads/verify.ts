// --verify-only: proves the database no longer needs the local files. Every s3:// row must point at an object in
// the stack's bucket that exists, with the size (and, when the tool wrote it, the checksum) of the local file where
// that file is still present; and no row may still point at a local path. Reads only.
import type { S3Client } from "@aws-sdk/client-s3";
import { compareWithLocal } from "./compare";
import type { CandidateRow, CandidateStore } from "./db";
import { describeError, FatalError, isFatalS3Error } from "./errors";
import { fileNameOf, localPathFor, parseS3Uri } from "./keys";
import { LocalFileError, readLocalFile } from "./local-file";
import { forEachBounded } from "./pool";
import { silentReporter, type Reporter } from "./progress";
import type { VerifyProblemKind, VerifySummary } from "./report";
import { makeRetrier, retryContext, systemClock, type Clock, type RetryPolicy } from "./retry";
import { DEFAULT_PART_SIZE, ObjectStore } from "./s3-store";
import type { Target } from "./target";

export interface VerifyOptions {
  readonly target: Target;
  readonly uploadsDir: string;
  /** Default `4`. */
  readonly concurrency?: number;
  /** Part size used by the migration, to compare multipart checksums. Default `8 MiB`. */
  readonly partSize?: number;
  readonly retryPolicy?: RetryPolicy;
}

export interface VerifyDeps {
  readonly s3: S3Client;
  readonly db: CandidateStore;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly reporter?: Reporter;
  readonly signal?: AbortSignal;
}

export async function verifyUploads(options: VerifyOptions, deps: VerifyDeps): Promise<VerifySummary> {
  const clock = deps.clock ?? systemClock;
  const reporter = deps.reporter ?? silentReporter;
  const started = clock.now();
  const partSize = options.partSize ?? DEFAULT_PART_SIZE;
  const store = new ObjectStore(deps.s3, makeRetrier(retryContext(options, deps, (l) => reporter.info(l))), partSize);
  const summary: VerifySummary = { checked: 0, ok: 0, comparedWithLocal: 0, pending: 0, seconds: 0, problems: [] };
  const problem = (kind: VerifyProblemKind, rows: readonly CandidateRow[], detail: string): void => {
    for (const row of rows) {
      summary.problems.push({ kind, id: row.id, filePath: row.filePath, detail });
      reporter.problem(`${kind}: id=${row.id} ${row.filePath}: ${detail}`);
    }
  };

  const pending = await deps.db.localRows();
  summary.pending = pending.length;
  problem("pending", pending, "still points at a local file (not migrated)");

  const rows = await deps.db.s3Rows();
  summary.checked = rows.length;
  const byUri = new Map<string, CandidateRow[]>();
  for (const row of rows) byUri.set(row.filePath, [...(byUri.get(row.filePath) ?? []), row]);
  reporter.start(rows.length, "rows");

  const check = async ([uri, group]: [string, CandidateRow[]]): Promise<void> => {
    try {
      const parsed = parseS3Uri(uri);
      if (!parsed) return problem("bad-uri", group, "not an s3://bucket/key URI");
      if (parsed.bucket !== options.target.bucket) {
        return problem("other-bucket", group, `points at bucket ${parsed.bucket}, not ${options.target.bucket}`);
      }
      const remote = await store.lookup(parsed.bucket, parsed.key);
      if (remote === "absent") return problem("object-missing", group, `no object at ${uri}`);
      if (remote === "forbidden") {
        return problem(
          "object-missing",
          group,
          `HEAD ${uri} denied (403): missing (without s3:ListBucket) or unreadable`,
        );
      }

      const fileName = fileNameOf(parsed.key);
      if (fileName) {
        try {
          const local = await readLocalFile(localPathFor(options.uploadsDir, fileName), partSize);
          const verdict = compareWithLocal(remote, local);
          // "unknown" (no checksum on the object): the size already matched inside compareWithLocal.
          if (verdict !== "unknown" && !verdict.same) return problem("mismatch", group, verdict.reason);
          summary.comparedWithLocal += group.length;
        } catch (err) {
          if (!(err instanceof LocalFileError)) throw err;
          // The local copy is gone (already cleaned up): the object's existence is what counts.
          if (err.reason !== "absent") return problem("error", group, err.message);
        }
      }
      summary.ok += group.length;
      reporter.info(`ok ${uri} (${group.length} row${group.length === 1 ? "" : "s"})`);
    } catch (err) {
      if (isFatalS3Error(err)) throw new FatalError(`S3 ${uri}: ${describeError(err)}`);
      problem("error", group, describeError(err));
    } finally {
      reporter.advance(group.length, 0);
    }
  };

  try {
    await forEachBounded([...byUri.entries()], options.concurrency ?? 4, check, () => deps.signal?.aborted ?? false);
  } catch (err) {
    summary.fatal = err instanceof FatalError ? err.message : describeError(err);
  } finally {
    reporter.finish();
  }
  summary.seconds = (clock.now() - started) / 1000;
  return summary;
}
