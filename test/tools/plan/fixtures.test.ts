/**
 * The catalogue of insecure variants (test/fixtures/insecure): every program goes through the plan's programmatic
 * API (the same code path as the CLI, with one policy-pack process reused across all of them) and must exit 1 with
 * the expected guardrail reporting a mandatory violation on the expected resource. cli.e2e.test.ts runs a few of
 * them through the real CLI as well.
 */
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Planner } from "../../../tools/plan/plan";
import { INSECURE_VARIANTS } from "../../fixtures/insecure/catalogue";
import { ROOT } from "./helpers";

const DIR = path.join(ROOT, "test", "fixtures", "insecure");
let planner: Planner;

beforeAll(async () => {
  planner = Planner.create({ cwd: ROOT, stack: "prod" });
  // Wait for the pack here (a cold ts-node cache type-checks the whole pack first), not in the first test.
  await planner.analyzerInfo();
}, 180_000);

afterAll(async () => {
  await planner?.close();
});

describe("the catalogue", () => {
  it("lists every program in the folder and at least 25 variants", () => {
    const programs = readdirSync(DIR)
      .filter((f) => f.endsWith(".ts") && !["lib.ts", "catalogue.ts"].includes(f))
      .sort();
    expect(INSECURE_VARIANTS.map((v) => v.program).sort()).toEqual(programs);
    expect(INSECURE_VARIANTS.length).toBeGreaterThanOrEqual(25);
  });

  it("covers at least 25 different guardrails, each of them in the pack", async () => {
    const names = new Set((await planner.analyzerInfo()).policies.map((p) => p.name));
    const covered = new Set(INSECURE_VARIANTS.map((v) => v.policy));
    expect(covered.size).toBeGreaterThanOrEqual(25);
    for (const policy of covered) expect(names.has(policy), policy).toBe(true);
  });
});

describe.each(INSECURE_VARIANTS)("$program ($what)", (variant) => {
  it(`exits 1 with ${variant.policy} on ${variant.resource}`, async () => {
    const outcome = await planner.plan({ stack: "prod", program: path.join(DIR, variant.program) });
    const found = outcome.report.violations.filter((v) => v.policy === variant.policy);
    expect(
      found.map((v) => ({ level: v.enforcementLevel, resource: v.resourceName })),
      `violations: ${outcome.report.violations.map((v) => `${v.policy}@${v.resourceName}`).join(", ")}`,
    ).toContainEqual({ level: "mandatory", resource: variant.resource });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.report.summary.passed).toBe(false);
  });
});
