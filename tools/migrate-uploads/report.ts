// Result types of a run and their human-readable summary.
import type { RowId } from "./db";

export type ProblemKind = "conflict" | "missing" | "failed";

export interface RowProblem {
  readonly kind: ProblemKind;
  readonly id: RowId;
  readonly filePath: string;
  readonly detail: string;
}

export interface MigrationSummary {
  readonly dryRun: boolean;
  /** Rows with a local file_path at the start. */
  rows: number;
  /** Rows updated to s3:// (in a dry run: rows that would be). */
  migrated: number;
  /** Objects uploaded (dry run: objects that would be). */
  uploaded: number;
  /** Objects already in the bucket with the same checksum, linked without uploading. */
  alreadyPresent: number;
  /** Rows already on s3:// before the run. */
  skipped: number;
  conflicts: number;
  missing: number;
  failed: number;
  /** Bytes uploaded (dry run: bytes that would be). */
  bytes: number;
  seconds: number;
  /** Rows neither migrated nor reported, because the run stopped early (fatal error or interrupt). */
  unfinished: number;
  problems: RowProblem[];
  /** Set when the run stopped early on an error that affects every row. */
  fatal?: string;
  interrupted?: boolean;
}

export type VerifyProblemKind = "object-missing" | "mismatch" | "other-bucket" | "bad-uri" | "pending" | "error";

export interface VerifyProblem {
  readonly kind: VerifyProblemKind;
  readonly id: RowId;
  readonly filePath: string;
  readonly detail: string;
}

export interface VerifySummary {
  /** s3:// rows checked. */
  checked: number;
  /** s3:// rows whose object exists (and matches the local file where it is still present). */
  ok: number;
  /** Of those, how many were compared with a local file still present. */
  comparedWithLocal: number;
  /** Rows still pointing at local files: not migrated yet. */
  pending: number;
  seconds: number;
  problems: VerifyProblem[];
  fatal?: string;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

const MAX_LISTED = 50;

function listed<T>(items: readonly T[], render: (item: T) => string): string[] {
  const lines = items.slice(0, MAX_LISTED).map(render);
  if (items.length > MAX_LISTED) lines.push(`  ... and ${items.length - MAX_LISTED} more (see the lines above)`);
  return lines;
}

export function formatMigrationSummary(s: MigrationSummary): string[] {
  const lines: string[] = [];
  if (s.problems.length > 0) {
    lines.push("Rows left as they were:");
    lines.push(...listed(s.problems, (p) => `  ${p.kind.padEnd(8)} id=${p.id} ${p.filePath}: ${p.detail}`));
  }
  const verb = s.dryRun ? "would be migrated" : "migrated";
  const upload = s.dryRun ? "to upload" : "uploaded";
  lines.push(
    `${s.dryRun ? "Dry run (nothing changed): " : "Summary: "}` +
      `${s.migrated} ${verb} (${s.uploaded} ${upload}, ${s.alreadyPresent} already in the bucket), ` +
      `${s.skipped} skipped (already s3://), ${s.conflicts} conflicts, ${s.missing} missing, ${s.failed} failed, ` +
      `${formatBytes(s.bytes)} ${s.dryRun ? "to upload" : "uploaded"} in ${s.seconds.toFixed(1)} s`,
  );
  if (s.unfinished > 0) lines.push(`${s.unfinished} rows not done yet; rerun to continue where this run stopped.`);
  if (s.interrupted) lines.push("Interrupted: rows finished so far are safe; rerun to continue.");
  return lines;
}

export function formatVerifySummary(s: VerifySummary): string[] {
  const lines: string[] = [];
  if (s.problems.length > 0) {
    lines.push("Problems:");
    lines.push(...listed(s.problems, (p) => `  ${p.kind.padEnd(14)} id=${p.id} ${p.filePath}: ${p.detail}`));
  }
  lines.push(
    `Verify: ${s.ok}/${s.checked} s3:// rows OK (${s.comparedWithLocal} compared with a local file), ` +
      `${s.problems.filter((p) => p.kind !== "pending").length} problems, ${s.pending} rows still local, ` +
      `${s.seconds.toFixed(1)} s`,
  );
  lines.push(
    verifyPassed(s)
      ? "PASSED: every row points at a verified object; the local uploads/ files are no longer needed."
      : "FAILED: keep the local uploads/ files until a rerun of --verify-only passes.",
  );
  return lines;
}

export function verifyPassed(s: VerifySummary): boolean {
  return s.fatal === undefined && s.problems.length === 0 && s.pending === 0 && s.ok === s.checked;
}

export function migrationPassed(s: MigrationSummary): boolean {
  return s.conflicts + s.missing + s.failed + s.unfinished === 0 && !s.fatal && !s.interrupted;
}
