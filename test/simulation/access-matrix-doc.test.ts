/** docs/access-matrix.md must be what write-access-matrix.ts generates now. */
import { existsSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCESS_MATRIX_DOC, REGENERATE_COMMAND, renderAccessMatrix } from "./render-access-matrix";
import { simulateMatrix } from "./simulate";
import { synthesizeStackPolicies, type StackPolicies } from "./stack-policies";

function firstDifference(a: string, b: string): string {
  const left = a.split("\n");
  const right = b.split("\n");
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] !== right[i])
      return `line ${i + 1}:\n  in the file: ${left[i] ?? "(end of file)"}\n  generated:   ${right[i] ?? "(end of file)"}`;
  }
  return "nowhere";
}

let stack: StackPolicies;
let generated: string;

beforeAll(async () => {
  stack = await synthesizeStackPolicies("prod");
  generated = renderAccessMatrix(stack, await simulateMatrix(stack));
}, 120_000);

describe("docs/access-matrix.md", () => {
  it("is current: the same as regenerating it from access-matrix.ts and the prod stack", () => {
    const stale = `docs/access-matrix.md is stale: run \`${REGENERATE_COMMAND}\` (tsx test/simulation/write-access-matrix.ts) and commit the result`;
    if (!existsSync(ACCESS_MATRIX_DOC)) throw new Error(`${stale}; the file does not exist`);
    const current = readFileSync(ACCESS_MATRIX_DOC, "utf8");
    if (current !== generated) throw new Error(`${stale}. First difference at ${firstDifference(current, generated)}`);
    expect(current).toBe(generated);
  });

  it("renders the same text from a second simulation of the same stack (no clock, no randomness)", async () => {
    expect(renderAccessMatrix(stack, await simulateMatrix(stack))).toBe(generated);
  });
});
