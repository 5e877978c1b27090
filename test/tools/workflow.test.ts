/**
 * .github/workflows/pull-request.yml cannot run here, so it is checked as data: it parses, it runs on pull
 * requests, its jobs and steps are the ones docs/offline-plan.md documents (names and order), and the steps that
 * matter do what the issue asks (npm ci before npm test, the SARIF plan uploaded to code scanning, the markdown
 * report in the job summary, the credentialed preview only with an OIDC role and never for forks).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = path.resolve(__dirname, "..", "..");
const workflow = parse(readFileSync(path.join(ROOT, ".github/workflows/pull-request.yml"), "utf8"));
const doc = readFileSync(path.join(ROOT, "docs/offline-plan.md"), "utf8");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  id?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

/** The CI section of the doc: job id → { name, steps } from its bullet list. */
function documented(): Record<string, { name: string; steps: string[] }> {
  const section = doc.slice(doc.indexOf("## CI"));
  const out: Record<string, { name: string; steps: string[] }> = {};
  let current: string | undefined;
  for (const line of section.split("\n")) {
    const job = /^- job `([^`]+)` — \*\*(.+?)\*\*/.exec(line);
    if (job) {
      current = job[1];
      out[current] = { name: job[2], steps: [] };
      continue;
    }
    const step = /^\s+- step \*\*(.+?)\*\*/.exec(line);
    if (step && current) out[current].steps.push(step[1]);
  }
  return out;
}

function steps(job: string): Step[] {
  return workflow.jobs[job].steps as Step[];
}

function step(job: string, name: string): Step {
  const found = steps(job).find((s) => s.name === name);
  expect(found, `${job} has a step named ${name}`).toBeDefined();
  return found!;
}

describe("pull-request workflow", () => {
  it("runs on pull requests with read-only default permissions", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(workflow.permissions).toEqual({ contents: "read" });
  });

  it("has exactly the jobs and steps the doc lists, in order", () => {
    const docs = documented();
    expect(Object.keys(docs)).toEqual(["offline-plan", "preview"]);
    expect(Object.keys(workflow.jobs)).toEqual(Object.keys(docs));
    for (const [id, job] of Object.entries(docs)) {
      expect(workflow.jobs[id].name).toBe(job.name);
      expect(steps(id).map((s) => s.name)).toEqual(job.steps);
    }
  });

  it("installs with npm ci before running the tests", () => {
    const names = steps("offline-plan").map((s) => s.run);
    expect(names.indexOf("npm ci")).toBeGreaterThanOrEqual(0);
    expect(names.indexOf("npm ci")).toBeLessThan(names.indexOf("npm test"));
  });

  it("plans prod as SARIF and uploads that file to code scanning, also when the plan found violations", () => {
    const plan = step("offline-plan", "Offline plan (SARIF)");
    expect(plan.run).toContain("npm run plan -- --stack prod --format sarif --out plan-prod.sarif");
    expect(plan.run).toContain('echo "exit-code=$code" >> "$GITHUB_OUTPUT"');
    const upload = step("offline-plan", "Upload SARIF to code scanning");
    expect(upload.uses).toMatch(/^github\/codeql-action\/upload-sarif@v\d+$/);
    expect(upload.with?.sarif_file).toBe("plan-prod.sarif");
    expect(upload.if).toContain("always()");
    expect(upload.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(workflow.jobs["offline-plan"].permissions["security-events"]).toBe("write");
  });

  it("writes the markdown compliance report to the job summary and fails the job on mandatory violations", () => {
    const summary = step("offline-plan", "Compliance report (job summary)");
    expect(summary.run).toContain("npm run plan -- --stack prod --format markdown --out plan-prod.md");
    expect(summary.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    const gate = step("offline-plan", "Fail on mandatory violations");
    expect(gate.if).toContain("steps.plan.outputs.exit-code != '0'");
    expect(gate.run).toContain("exit 1");
  });

  it("runs the credentialed preview only with an OIDC role, never for forks, with the policy pack and a PR comment", () => {
    const preview = workflow.jobs.preview;
    expect(preview.needs).toBe("offline-plan");
    expect(preview.if).toContain("vars.AWS_PREVIEW_ROLE_ARN != ''");
    expect(preview.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(preview.permissions).toMatchObject({ "id-token": "write", "pull-requests": "write" });
    const creds = step("preview", "Configure AWS credentials (OIDC)");
    expect(creds.uses).toMatch(/^aws-actions\/configure-aws-credentials@v\d+$/);
    expect(creds.with?.["role-to-assume"]).toBe("${{ vars.AWS_PREVIEW_ROLE_ARN }}");
    const pulumi = step("preview", "Pulumi preview (prod, policy pack)");
    expect(pulumi.uses).toMatch(/^pulumi\/actions@v\d+$/);
    expect(pulumi.with).toMatchObject({
      command: "preview",
      policyPacks: "policies",
      policyPackConfigs: "policies/config/prod.json",
      "comment-on-pr": true,
    });
    expect(String(pulumi.with?.["stack-name"])).toContain("prod");
  });
});
