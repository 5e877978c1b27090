/**
 * The real CLI, end to end, as `npm run plan` runs it (tsx, a fresh process, its own policy-pack process): a passing
 * stack in JSON, an insecure variant in SARIF written with --out, plan-only mode, and every kind of bad input
 * (exit 2, one line on stderr, no stack trace unless --verbose). The full catalogue of variants runs through the
 * programmatic planner in fixtures.test.ts; these few prove the command-line path.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { runPlanCli, schemaErrors, tempFile, validateReport, validateSarif, type CliResult } from "./helpers";

// Each run starts its own pack process; on a fresh machine ts-node type-checks the pack first (cold cache).
vi.setConfig({ testTimeout: 180_000 });

function oneLineError(r: CliResult): string {
  const lines = r.stderr.trim().split("\n");
  expect(lines[0]).toMatch(/^plan: /);
  // One reason line (usage errors add a hint line); never a stack trace.
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(lines.length).toBeLessThanOrEqual(2);
  return lines[0];
}

describe("passing and failing plans", () => {
  it("prod as JSON: exit 0, a report matching its schema, nothing on stderr", async () => {
    const r = await runPlanCli(["--stack", "prod", "--format", "json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(validateReport(report), schemaErrors(validateReport)).toBe(true);
    expect(report).toMatchObject({ stack: "prod", summary: { passed: true, mandatoryViolations: 0 } });
    expect(report.timings.packStartMs).toBeGreaterThan(0);
  });

  it("an insecure variant as SARIF with --out: exit 1, a valid log locating the finding in the source", async () => {
    const out = tempFile("plan.sarif", "");
    const r = await runPlanCli([
      "--stack",
      "prod",
      "--program",
      "test/fixtures/insecure/public-ip-task.ts",
      "--format",
      "sarif",
      "--out",
      out,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^plan: wrote sarif report to .*: FAIL, \d+ mandatory/);
    const sarif = JSON.parse(readFileSync(out, "utf8"));
    expect(validateSarif(sarif), schemaErrors(validateSarif)).toBe(true);
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === "ecs-no-public-ip");
    expect(result).toMatchObject({ level: "error", kind: "fail" });
    // The service is constructed in the fixture library, called from the variant program.
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe("test/fixtures/insecure/lib.ts");
    const related = result.relatedLocations as { physicalLocation: { artifactLocation: { uri: string } } }[];
    expect(related.map((l) => l.physicalLocation.artifactLocation.uri)).toContain(
      "test/fixtures/insecure/public-ip-task.ts",
    );
    expect(result.locations[0].logicalLocations[0].fullyQualifiedName).toMatch(/aws:ecs\/service:Service::public-ip$/);
  });

  it("dev as text: exit 0, the waiver listed with its justification", async () => {
    const r = await runPlanCli(["--stack", "dev"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Waivers in effect (1)");
    expect(r.stdout).toContain("justification: The dev stack has no ACM certificate");
    expect(r.stdout).toContain("Result: PASS");
  });

  it("--no-policies plans without the pack: exit 0, no policy section", async () => {
    const r = await runPlanCli(["--stack", "prod", "--no-policies", "--format", "json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.policyPack).toBeUndefined();
    expect(report.summary.customResources).toBeGreaterThan(50);
    expect(validateReport(report), schemaErrors(validateReport)).toBe(true);
  });
});

describe.concurrent("bad input: exit 2 with a one-line reason", () => {
  it("an unknown stack", async () => {
    const r = await runPlanCli(["--stack", "staging"]);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toBe(
      'plan: unknown stack "staging": Pulumi.staging.yaml does not exist (stacks: dev, prod)',
    );
  });

  it("a missing stack file", async () => {
    const missing = path.join(path.dirname(tempFile("x", "")), "Pulumi.nope.yaml");
    const r = await runPlanCli(["--config-file", missing]);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toBe(`plan: cannot read ${missing}: ENOENT`);
  });

  it("malformed YAML", async () => {
    const file = tempFile("Pulumi.broken.yaml", "config:\n  aws:region: [us-east-1\n");
    const r = await runPlanCli(["--config-file", file]);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toMatch(/^plan: .*Pulumi\.broken\.yaml is not valid YAML: /);
  });

  it("an invalid config value, naming the key, the rule and the value", async () => {
    const prod = readFileSync(path.join(__dirname, "../../../Pulumi.prod.yaml"), "utf8");
    const file = tempFile("Pulumi.bad.yaml", prod.replace("retentionDays: 90", "retentionDays: -5"));
    expect(file).not.toBe(prod);
    const r = await runPlanCli(["--stack", "prod", "--config-file", file]);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toContain("starscreen:storage.retentionDays must be an integer >= 1, got -5");
  });

  it("a program that throws", async () => {
    const r = await runPlanCli(["--program", "test/fixtures/programs/throws.ts"]);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toBe(
      "plan: program test/fixtures/programs/throws.ts failed: fixture failure: the program threw on purpose",
    );
  });

  it("a program that calls a data source the mocks do not know", async () => {
    const r = await runPlanCli(["--program", "test/fixtures/programs/unmocked-invoke.ts", "--no-policies"]);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toBe(
      "plan: program test/fixtures/programs/unmocked-invoke.ts failed: mock: no mock for invoke aws:ec2/getAmi:getAmi; add one to tools/mocks/aws-mocks.ts",
    );
  });

  it("a program that throws, with --verbose: the stack trace too", async () => {
    const r = await runPlanCli(["--program", "test/fixtures/programs/throws.ts", "--verbose"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^plan: program .* failed: fixture failure/);
    expect(r.stderr).toMatch(/^\s+at .*throws\.ts:\d+/m);
  });

  it("a program file that does not exist", async () => {
    const r = await runPlanCli(["--program", "nope.ts", "--no-policies"]);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toBe("plan: program nope.ts does not exist");
  });

  it("an unknown format and an unknown option", async () => {
    const [format, option] = await Promise.all([runPlanCli(["--format", "yaml"]), runPlanCli(["--stak", "prod"])]);
    expect(format.code).toBe(2);
    expect(oneLineError(format)).toBe('plan: --format must be one of text, json, sarif, markdown, mermaid, got "yaml"');
    expect(option.code).toBe(2);
    expect(oneLineError(option)).toMatch(/^plan: Unknown option '--stak'/);
  });

  it("a policy config the pack's schema rejects (a waiver without a real justification)", async () => {
    const file = tempFile(
      "bad-waiver.json",
      JSON.stringify({ "elb-http-redirects-to-https": { waivers: [{ resource: "*", justification: "because" }] } }),
    );
    const r = await runPlanCli(["--stack", "dev", "--policy-config", file]);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toMatch(
      /^plan: invalid policy config \(.*bad-waiver\.json\): elb-http-redirects-to-https: waivers\.0\.justification: must NOT have fewer than 20 characters/,
    );
  });

  it("a policy config naming a policy that does not exist", async () => {
    const file = tempFile("typo.json", JSON.stringify({ "elb-http-redirect-to-https": { waivers: [] } }));
    const r = await runPlanCli(["--stack", "dev", "--policy-config", file]);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toContain('"elb-http-redirect-to-https" is not a policy of starscreen-guardrails');
  });
});
