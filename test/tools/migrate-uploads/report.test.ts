import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { plainReporter, terminalReporter } from "../../../tools/migrate-uploads/progress";
import {
  formatBytes,
  formatMigrationSummary,
  formatVerifySummary,
  migrationPassed,
  verifyPassed,
  type MigrationSummary,
  type VerifySummary,
} from "../../../tools/migrate-uploads/report";

function sink(): { text: () => string; write: (t: string) => boolean } {
  let out = "";
  return { text: () => out, write: (t: string) => ((out += t), true) };
}

const base: MigrationSummary = {
  dryRun: false,
  rows: 5,
  migrated: 3,
  uploaded: 2,
  alreadyPresent: 1,
  skipped: 7,
  conflicts: 1,
  missing: 1,
  failed: 0,
  bytes: 3 * 1024 * 1024,
  seconds: 2.345,
  unfinished: 0,
  problems: [
    { kind: "conflict", id: 4, filePath: "uploads/x.pdf", detail: "differs" },
    { kind: "missing", id: 5, filePath: "uploads/y.pdf", detail: "local file not found" },
  ],
};

describe("formatMigrationSummary", () => {
  it("lists the rows left alone, then one summary line with every count", () => {
    expect(formatMigrationSummary(base)).toEqual([
      "Rows left as they were:",
      "  conflict id=4 uploads/x.pdf: differs",
      "  missing  id=5 uploads/y.pdf: local file not found",
      "Summary: 3 migrated (2 uploaded, 1 already in the bucket), 7 skipped (already s3://), 1 conflicts, 1 missing, " +
        "0 failed, 3.0 MiB uploaded in 2.3 s",
    ]);
    expect(migrationPassed(base)).toBe(false);
  });

  it("says a dry run changed nothing, and tells an interrupted run to rerun", () => {
    const lines = formatMigrationSummary({ ...base, dryRun: true, problems: [], unfinished: 2, interrupted: true });
    expect(lines[0]).toMatch(/^Dry run \(nothing changed\): 3 would be migrated \(2 to upload,/);
    expect(lines).toContain("2 rows not done yet; rerun to continue where this run stopped.");
    expect(lines).toContain("Interrupted: rows finished so far are safe; rerun to continue.");
  });

  it("passes only with no problem, nothing unfinished and no interruption", () => {
    const clean = { ...base, conflicts: 0, missing: 0, problems: [] };
    expect(migrationPassed(clean)).toBe(true);
    expect(migrationPassed({ ...clean, unfinished: 1 })).toBe(false);
    expect(migrationPassed({ ...clean, interrupted: true })).toBe(false);
    expect(migrationPassed({ ...clean, fatal: "AccessDenied" })).toBe(false);
  });

  it("caps the listed problems", () => {
    const problems = Array.from({ length: 60 }, (_, i) => ({
      kind: "missing" as const,
      id: i,
      filePath: `f${i}`,
      detail: "gone",
    }));
    const lines = formatMigrationSummary({ ...base, problems });
    expect(lines).toContain("  ... and 10 more (see the lines above)");
  });
});

describe("verify summary", () => {
  const ok: VerifySummary = { checked: 4, ok: 4, comparedWithLocal: 3, pending: 0, seconds: 1, problems: [] };
  it("passes only when every row was checked and nothing is pending", () => {
    expect(verifyPassed(ok)).toBe(true);
    expect(formatVerifySummary(ok).at(-1)).toMatch(/^PASSED/);
    expect(verifyPassed({ ...ok, ok: 3 })).toBe(false); // interrupted before the last row
    expect(
      verifyPassed({ ...ok, pending: 1, problems: [{ kind: "pending", id: 1, filePath: "u/a", detail: "" }] }),
    ).toBe(false);
    expect(verifyPassed({ ...ok, fatal: "AccessDenied" })).toBe(false);
    expect(formatVerifySummary({ ...ok, ok: 3 }).at(-1)).toMatch(/^FAILED: keep the local uploads\/ files/);
  });
});

describe("reporters", () => {
  it("prints plain lines, problems on stderr, and a progress line at most every interval", () => {
    const out = sink();
    const err = sink();
    let now = 0;
    const r = plainReporter(out, err, () => now, 1000);
    r.start(4, "rows");
    r.info("migrated id=1");
    r.advance(1, 2048);
    now = 1500;
    r.advance(1, 2048);
    now = 1600;
    r.advance(1, 0);
    r.problem("missing: id=4");
    expect(out.text()).toBe("migrated id=1\nprogress: 2/4 rows, 4.0 KiB\n");
    expect(err.text()).toBe("missing: id=4\n");
  });

  it("draws a bar with counts and bytes on a terminal and keeps problems above it", () => {
    let text = "";
    const tty = Object.assign(
      new Writable({
        write(chunk: Buffer, _enc, done) {
          text += chunk.toString();
          done();
        },
      }),
      { isTTY: true, columns: 160 },
    );
    const r = terminalReporter(tty);
    r.start(3, "rows");
    r.info("not shown on a terminal");
    r.advance(2, 5 * 1024 * 1024);
    r.problem("conflict: id=3 uploads/c.pdf");
    r.finish();
    expect(text).toContain("conflict: id=3 uploads/c.pdf\n");
    expect(text).toMatch(/2\/3 rows \| 5\.0 MiB \| 1 problems/);
    expect(text).not.toContain("not shown");
  });

  it("formats bytes", () => {
    expect([0, 1023, 1024, 1536 * 1024, 5 * 1024 ** 3].map(formatBytes)).toEqual([
      "0 B",
      "1023 B",
      "1.0 KiB",
      "1.5 MiB",
      "5.00 GiB",
    ]);
  });
});
