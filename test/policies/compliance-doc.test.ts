/**
 * docs/compliance.md is generated from the policies' metadata by tools/write-compliance-doc.ts. This test
 * regenerates it in memory and fails when the committed file differs, so the document a reviewer reads always
 * matches what the pack enforces.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { guardrails } from "../../policies/guardrails";
import { guardrailMetadata } from "../../policies/lib/guardrail";
import { COMPLIANCE_DOC, REGENERATE_COMMAND, renderComplianceDoc } from "../../tools/write-compliance-doc";

const STALE = `docs/compliance.md is stale: regenerate it with \`${REGENERATE_COMMAND}\` (npx tsx tools/write-compliance-doc.ts) and commit the result.`;

describe("docs/compliance.md", () => {
  const expected = renderComplianceDoc();

  it("is up to date with the policies' metadata", () => {
    expect(existsSync(COMPLIANCE_DOC), STALE).toBe(true);
    const actual = readFileSync(COMPLIANCE_DOC, "utf8").replace(/\r\n/g, "\n");
    // Compare line by line first: the failure then names the first line that differs, not a 60 kB blob.
    const a = actual.split("\n");
    const e = expected.split("\n");
    const first = e.findIndex((line, i) => a[i] !== line);
    expect(first === -1 ? null : { line: first + 1, file: a[first], generated: e[first] }, STALE).toBeNull();
    expect(actual, STALE).toBe(expected);
  });

  it("has one table row per policy with its level, severity, scope and controls", () => {
    for (const policy of guardrails) {
      const meta = guardrailMetadata(policy);
      const row = expected
        .split("\n")
        .find((line) => line.startsWith(`| \`${meta.name}\` | ${meta.enforcementLevel} |`));
      expect(row, meta.name).toBeDefined();
      expect(row, meta.name).toContain(` | ${meta.severity} | ${meta.scope ?? "all"} | `);
      for (const id of Object.values(meta.controls).flat()) expect(row, `${meta.name} ${id}`).toContain(id);
    }
    const rows = expected.split("\n").filter((line) => /^\| `[a-z0-9-]+` \| (mandatory|advisory) \|/.test(line));
    expect(rows.length).toBe(guardrails.length);
  });

  it("explains waivers and the environment setting", () => {
    expect(expected).toMatch(/waivers-in-effect/);
    expect(expected).toMatch(/justification.{0,40}at least 20 characters/s);
    expect(expected).toMatch(/"environment": "dev"/);
    expect(expected).toContain(REGENERATE_COMMAND);
  });
});
