/**
 * The real stacks through the programmatic planner (one policy-pack process for the whole file, started the way the
 * Pulumi CLI starts it): both stack files plan with zero mandatory violations, every output format is valid and
 * complete, and the captured graph of a small known program is what the engine would hold.
 *
 * NOTE for the lead: the "zero mandatory violations" cases depend on the components and guardrails other
 * engineers are finishing; a failure there names the violation.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalyzerInfo } from "../../../tools/plan/analyzer-client";
import { render } from "../../../tools/plan/formats";
import { renderSarif } from "../../../tools/plan/formats/sarif";
import { Planner, type PlanOutcome } from "../../../tools/plan/plan";
import type { PlanReport } from "../../../tools/plan/report-types";
import { ROOT, schemaErrors, validateReport, validateSarif } from "./helpers";

let planner: Planner;
let info: AnalyzerInfo;
let prod: PlanOutcome;
let dev: PlanOutcome;

function mandatory(report: PlanReport): string[] {
  return report.violations
    .filter((v) => v.enforcementLevel === "mandatory")
    .map((v) => `${v.policy} on ${v.resourceName}: ${v.message}`);
}

beforeAll(async () => {
  planner = Planner.create({ cwd: ROOT, stack: "prod" });
  info = await planner.analyzerInfo();
  prod = await planner.plan({ stack: "prod" });
  dev = await planner.plan({ stack: "dev" });
}, 240_000);

afterAll(async () => {
  await planner?.close();
});

describe("the stack files", () => {
  it("prod plans with exit 0 and no mandatory violation", () => {
    expect(mandatory(prod.report)).toEqual([]);
    expect(prod.exitCode).toBe(0);
    expect(prod.report.summary.passed).toBe(true);
    expect(prod.report.policyPack?.configFile).toBe("policies/config/prod.json");
  });

  it("dev plans with exit 0 and no mandatory violation", () => {
    expect(mandatory(dev.report)).toEqual([]);
    expect(dev.exitCode).toBe(0);
    expect(dev.report.policyPack?.configFile).toBe("policies/config/dev.json");
  });

  it("dev's plain-HTTP listener is waived, with its justification, not silently passed", () => {
    const waiver = dev.report.waivers.find((w) => w.policy === "elb-http-redirects-to-https");
    expect(waiver).toBeDefined();
    expect(waiver!.urn).toMatch(/\$aws:lb\/listener:Listener::api-lb-http-listener$/);
    expect(waiver!.justification).toMatch(/no ACM certificate/);
    expect(waiver!.suppressedFinding).toMatch(/plain HTTP/);
    expect(dev.report.policyPack!.policies.find((p) => p.name === "elb-http-redirects-to-https")!.status).toBe(
      "waived",
    );
    expect(prod.report.waivers).toEqual([]);
  });

  it("dev skips the production-only guardrails and prod applies them", () => {
    const prodOnly = prod.report.policyPack!.policies.filter((p) => p.scope === "prod-only");
    expect(prodOnly.length).toBeGreaterThan(0);
    for (const p of prodOnly) {
      expect(dev.report.policyPack!.policies.find((d) => d.name === p.name)!.status).toBe("skipped");
      expect(p.status).not.toBe("skipped");
    }
  });

  it("prod's data-erasure window covers the source bucket and its replica and matches the program's own figure", () => {
    const erasure = prod.report.dataErasure!;
    expect(erasure.copies.map((c) => c.role).sort()).toEqual(["replica", "source"]);
    expect(erasure.windowDays).toBe(31);
    expect(erasure.declaredWindowDays).toBe(31);
    expect(erasure.consistent).toBe(true);
    expect(dev.report.dataErasure!.windowDays).toBe(8);
  });

  it("captures the whole program: every component's children, the stack outputs and the awsx VPC as remote", () => {
    const r = prod.report;
    expect(r.summary.customResources).toBeGreaterThan(50);
    expect(r.resources.some((x) => x.type === "awsx:ec2:Vpc" && x.remote)).toBe(true);
    expect(r.outputs).toMatchObject({
      bucketName: expect.stringMatching(/^resumes-bucket-/),
      dataErasureWindowDays: 31,
    });
    for (const res of r.resources.filter(
      (x) => x.custom && !x.synthesized && !x.type.startsWith("pulumi:providers:"),
    )) {
      expect(res.parent, `${res.urn} has a parent`).toBeDefined();
      expect(res.source?.file, `${res.urn} has a source location in the repo`).toMatch(/\.ts$/);
    }
  });
});

describe("output formats", () => {
  it("JSON matches docs/plan-report-schema.json, for a passing and a failing report", async () => {
    const failing = await planner.plan({
      stack: "prod",
      program: path.join(ROOT, "test/fixtures/insecure/public-ip-task.ts"),
    });
    for (const outcome of [prod, dev, failing]) {
      const json = JSON.parse(render(outcome.report, "json"));
      expect(validateReport(json), schemaErrors(validateReport)).toBe(true);
    }
    expect(failing.report.violations.length).toBeGreaterThan(0);
  });

  it("the JSON schema's version is the report's", () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, "docs/plan-report-schema.json"), "utf8"));
    expect(schema.properties.schemaVersion.const).toBe(prod.report.schemaVersion);
  });

  it("SARIF validates against the official 2.1.0 schema, with one rule per policy", () => {
    for (const outcome of [prod, dev]) {
      const sarif = JSON.parse(render(outcome.report, "sarif"));
      expect(validateSarif(sarif), schemaErrors(validateSarif)).toBe(true);
      expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(
        info.policies.map((p) => p.name),
      );
    }
  });

  it("SARIF carries waived findings as suppressed results with the justification", () => {
    const sarif = renderSarif(dev.report) as { runs: { results: Record<string, unknown>[] }[] };
    const waived = sarif.runs[0].results.filter((r) => r.suppressions);
    expect(waived).toHaveLength(dev.report.waivers.length);
    expect(waived[0]).toMatchObject({
      ruleId: "elb-http-redirects-to-https",
      suppressions: [
        { kind: "external", status: "accepted", justification: expect.stringMatching(/no ACM certificate/) },
      ],
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "components/ecs/public-load-balancer.ts", uriBaseId: "%SRCROOT%" },
          },
        },
      ],
    });
  });

  it("markdown names every policy of the pack, every mapped control and the erasure window", () => {
    const md = render(prod.report, "markdown");
    for (const p of info.policies) expect(md, p.name).toContain(`— ${p.name}\n`);
    for (const p of prod.report.policyPack!.policies)
      for (const id of p.controls.awsFsbp) expect(md).toContain(`| ${id} |`);
    expect(md).toContain("gone from every copy within **31 days**");
    expect(md).toMatch(/TLS-deny statement "DenyInsecureTransport"/);
    expect(md).toMatch(/rule "erase-noncurrent-versions" \(Enabled\): delete noncurrent versions after 30 days/);
  });

  it("mermaid draws one subgraph per component and edges between resources", () => {
    const mmd = render(prod.report, "mermaid");
    expect(mmd.split("\n")).toContain("flowchart LR");
    const components = prod.report.resources.filter((r) => !r.custom && r.type !== "pulumi:pulumi:Stack");
    expect((mmd.match(/^\s*subgraph /gm) ?? []).length).toBe(components.length);
    expect((mmd.match(/^\s*subgraph /gm) ?? []).length).toBe((mmd.match(/^\s*end$/gm) ?? []).length);
    expect(mmd).toMatch(/r\d+ --> r\d+/);
    expect(mmd).toMatch(/r\d+\["Bucket<br\/>resumes-bucket"\]/);
  });

  it("text groups resources by component and ends with the result", () => {
    const text = render(dev.report, "text");
    expect(text).toMatch(/starscreen:storage:ResumesBucket "resumes" \(\d+ resources\)/);
    expect(text).toContain("Waivers in effect (1)");
    expect(text).toContain("Result: PASS");
  });
});

describe("a small known program, as the engine would hold it", () => {
  let known: PlanReport;
  beforeAll(async () => {
    known = (
      await planner.plan({
        stack: "prod",
        program: path.join(ROOT, "test/fixtures/programs/known-graph.ts"),
        noPolicies: true,
      })
    ).report;
  }, 60_000);

  const urn = (qualifiedType: string, name: string) => `urn:pulumi:prod::starscreen-infra::${qualifiedType}::${name}`;

  it("has engine URNs with the full parent type chain and parents", () => {
    const bucket = known.resources.find((r) => r.name === "name")!;
    expect(bucket.urn).toBe(urn("starscreen:x:A$starscreen:x:B$aws:s3/bucket:Bucket", "name"));
    expect(bucket.parent).toBe(urn("starscreen:x:A$starscreen:x:B", "b"));
    expect(bucket.component).toBe(urn("starscreen:x:A$starscreen:x:B", "b"));
    expect(known.resources.find((r) => r.name === "b")!.parent).toBe(urn("starscreen:x:A", "a"));
    expect(known.resources.find((r) => r.name === "a")!.parent).toBe(
      urn("pulumi:pulumi:Stack", "starscreen-infra-prod"),
    );
  });

  it("records dependencies and property dependencies", () => {
    const policy = known.resources.find((r) => r.name === "standalone-policy")!;
    const bucketUrn = urn("starscreen:x:A$starscreen:x:B$aws:s3/bucket:Bucket", "name");
    expect(policy.propertyDependencies.bucket).toEqual([bucketUrn]);
    expect(policy.dependencies).toEqual(
      expect.arrayContaining([
        bucketUrn,
        urn("starscreen:x:A$starscreen:x:B$aws:s3/bucketVersioning:BucketVersioning", "name-versioning"),
      ]),
    );
  });

  it("adds the engine's default provider for resources without an explicit one", () => {
    const version = JSON.parse(readFileSync(path.join(ROOT, "node_modules/@pulumi/aws/package.json"), "utf8"))
      .version as string;
    const providerUrn = urn("pulumi:providers:aws", `default_${version.replace(/\./g, "_")}`);
    const provider = known.resources.find((r) => r.urn === providerUrn);
    expect(provider).toMatchObject({ synthesized: true, custom: true, inputs: { region: "us-east-1", version } });
    expect(known.resources.find((r) => r.name === "name")!.provider).toBe(providerUrn);
  });

  it("keeps protect / retainOnDelete, masks secrets and points at the source line", () => {
    const bucket = known.resources.find((r) => r.name === "name")!;
    expect(bucket).toMatchObject({ protect: true, retainOnDelete: true });
    expect(bucket.source?.file).toBe("test/fixtures/programs/known-graph.ts");
    expect(known.outputs.token).toBe("[secret]");
  });
});
