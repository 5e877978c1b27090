/**
 * Pins the pack: every guardrail's name, enforcement level, severity, scope and control IDs, in pack order. A
 * renamed policy breaks users' pack config and waivers; a mandatory control turned advisory (or a control ID
 * dropped) changes what CI enforces and what docs/compliance.md promises. Such changes must be deliberate: re-pin
 * with `npx tsx tools/print-pack-inventory.ts --write` and review the diff.
 */
import { describe, expect, it } from "vitest";
import { guardrails } from "../../policies/guardrails";
import { guardrailMetadata, type GuardrailMetadata } from "../../policies/lib/guardrail";

interface InventoryRow {
  readonly name: string;
  readonly enforcementLevel: string;
  readonly severity: string;
  readonly scope: "all" | "prod-only";
  readonly controls: readonly string[];
}

// BEGIN PINNED INVENTORY (npx tsx tools/print-pack-inventory.ts --write)
const PINNED: InventoryRow[] = [
  {
    name: "s3-public-access-block",
    enforcementLevel: "mandatory",
    severity: "critical",
    scope: "all",
    controls: [
      "aws-fsbp:S3.8",
      "cis:2.1.4",
      "cdk-nag:AwsSolutions-S2",
      "checkov:CKV2_AWS_6",
      "checkov:CKV_AWS_53",
      "checkov:CKV_AWS_54",
      "checkov:CKV_AWS_55",
      "checkov:CKV_AWS_56",
    ],
  },
  {
    name: "s3-account-public-access-block",
    enforcementLevel: "mandatory",
    severity: "critical",
    scope: "all",
    controls: ["aws-fsbp:S3.1", "cis:2.1.4"],
  },
  {
    name: "s3-access-point-public-access-block",
    enforcementLevel: "mandatory",
    severity: "critical",
    scope: "all",
    controls: ["aws-fsbp:S3.19"],
  },
  {
    name: "s3-no-public-acl",
    enforcementLevel: "mandatory",
    severity: "critical",
    scope: "all",
    controls: ["aws-fsbp:S3.2", "aws-fsbp:S3.3", "checkov:CKV_AWS_20", "checkov:CKV_AWS_57"],
  },
  {
    name: "s3-bucket-policy-no-public-principal",
    enforcementLevel: "mandatory",
    severity: "critical",
    scope: "all",
    controls: ["aws-fsbp:S3.2", "aws-fsbp:S3.3", "checkov:CKV_AWS_70"],
  },
  {
    name: "s3-bucket-policy-restricts-other-accounts",
    enforcementLevel: "mandatory",
    severity: "high",
    scope: "all",
    controls: ["aws-fsbp:S3.6"],
  },
  {
    name: "s3-ownership-enforced",
    enforcementLevel: "mandatory",
    severity: "high",
    scope: "all",
    controls: ["aws-fsbp:S3.12", "checkov:CKV2_AWS_65"],
  },
  {
    name: "s3-default-encryption",
    enforcementLevel: "mandatory",
    severity: "high",
    scope: "all",
    controls: ["aws-fsbp:S3.17", "checkov:CKV_AWS_19", "checkov:CKV_AWS_145"],
  },
  { name: "s3-bucket-key-enabled", enforcementLevel: "advisory", severity: "low", scope: "all", controls: [] },
  {
    name: "s3-versioning-enabled",
    enforcementLevel: "mandatory",
    severity: "medium",
    scope: "all",
    controls: ["aws-fsbp:S3.14", "checkov:CKV_AWS_21"],
  },
  {
    name: "s3-tls-only",
    enforcementLevel: "mandatory",
    severity: "high",
    scope: "all",
    controls: ["aws-fsbp:S3.5", "cis:2.1.1", "cdk-nag:AwsSolutions-S10"],
  },
  {
    name: "s3-access-logging",
    enforcementLevel: "mandatory",
    severity: "medium",
    scope: "all",
    controls: ["aws-fsbp:S3.9", "cdk-nag:AwsSolutions-S1", "checkov:CKV_AWS_18"],
  },
  {
    name: "s3-lifecycle-configured",
    enforcementLevel: "mandatory",
    severity: "medium",
    scope: "all",
    controls: ["aws-fsbp:S3.10", "aws-fsbp:S3.13", "checkov:CKV2_AWS_61"],
  },
  {
    name: "s3-replication-prod",
    enforcementLevel: "mandatory",
    severity: "medium",
    scope: "prod-only",
    controls: ["aws-fsbp:S3.7", "checkov:CKV_AWS_144"],
  },
  {
    name: "s3-no-force-destroy-prod",
    enforcementLevel: "mandatory",
    severity: "high",
    scope: "prod-only",
    controls: [],
  },
  {
    name: "s3-prod-data-bucket-protected",
    enforcementLevel: "mandatory",
    severity: "high",
    scope: "prod-only",
    controls: [],
  },
  {
    name: "iam-no-wildcard-actions",
    enforcementLevel: "mandatory",
    severity: "critical",
    scope: "all",
    controls: [
      "aws-fsbp:IAM.1",
      "aws-fsbp:IAM.21",
      "cis:1.16",
      "cdk-nag:AwsSolutions-IAM5",
      "checkov:CKV_AWS_1",
      "checkov:CKV_AWS_49",
      "checkov:CKV_AWS_62",
      "checkov:CKV_AWS_63",
    ],
  },
  { name: "iam-no-notaction-allow", enforcementLevel: "mandatory", severity: "high", scope: "all", controls: [] },
  {
    name: "iam-no-star-resource",
    enforcementLevel: "mandatory",
    severity: "high",
    scope: "all",
    controls: [
      "aws-fsbp:KMS.1",
      "aws-fsbp:KMS.2",
      "cdk-nag:AwsSolutions-IAM5",
      "checkov:CKV_AWS_355",
      "checkov:CKV_AWS_356",
    ],
  },
  { name: "iam-actions-exist", enforcementLevel: "mandatory", severity: "high", scope: "all", controls: [] },
  {
    name: "iam-no-static-credentials",
    enforcementLevel: "mandatory",
    severity: "high",
    scope: "all",
    controls: ["aws-fsbp:IAM.2", "checkov:CKV_AWS_40", "checkov:CKV_AWS_273"],
  },
  {
    name: "iam-no-admin-managed-policies",
    enforcementLevel: "mandatory",
    severity: "critical",
    scope: "all",
    controls: ["checkov:CKV_AWS_274"],
  },
  {
    name: "iam-no-aws-managed-policies",
    enforcementLevel: "advisory",
    severity: "low",
    scope: "all",
    controls: ["cdk-nag:AwsSolutions-IAM4"],
  },
  {
    name: "iam-trust-no-wildcard-principal",
    enforcementLevel: "mandatory",
    severity: "critical",
    scope: "all",
    controls: ["checkov:CKV_AWS_60"],
  },
  { name: "iam-trust-confused-deputy", enforcementLevel: "advisory", severity: "medium", scope: "all", controls: [] },
  {
    name: "kms-key-rotation",
    enforcementLevel: "mandatory",
    severity: "medium",
    scope: "all",
    controls: ["aws-fsbp:KMS.4", "cis:3.6", "cdk-nag:AwsSolutions-KMS5", "checkov:CKV_AWS_7"],
  },
  {
    name: "kms-deletion-window",
    enforcementLevel: "mandatory",
    severity: "medium",
    scope: "all",
    controls: ["aws-fsbp:KMS.3"],
  },
  {
    name: "kms-key-policy-no-wildcards",
    enforcementLevel: "mandatory",
    severity: "critical",
    scope: "all",
    controls: ["cdk-nag:AwsSolutions-IAM5", "checkov:CKV_AWS_33"],
  },
  {
    name: "ecs-no-public-ip",
    enforcementLevel: "mandatory",
    severity: "high",
    scope: "all",
    controls: ["aws-fsbp:ECS.2", "aws-fsbp:ECS.16", "checkov:CKV_AWS_333"],
  },
  {
    name: "ecs-readonly-root-filesystem",
    enforcementLevel: "mandatory",
    severity: "medium",
    scope: "all",
    controls: ["aws-fsbp:ECS.5", "checkov:CKV_AWS_336"],
  },
  {
    name: "ecs-not-privileged",
    enforcementLevel: "mandatory",
    severity: "critical",
    scope: "all",
    controls: ["aws-fsbp:ECS.4", "checkov:CKV_AWS_334"],
  },
  {
    name: "ecs-host-namespaces",
    enforcementLevel: "mandatory",
    severity: "high",
    scope: "all",
    controls: ["aws-fsbp:ECS.3", "aws-fsbp:ECS.17", "checkov:CKV_AWS_335"],
  },
  {
    name: "ecs-logging-configured",
    enforcementLevel: "mandatory",
    severity: "medium",
    scope: "all",
    controls: ["aws-fsbp:ECS.9", "cdk-nag:AwsSolutions-ECS7"],
  },
  {
    name: "ecs-no-plaintext-secrets",
    enforcementLevel: "mandatory",
    severity: "critical",
    scope: "all",
    controls: ["aws-fsbp:ECS.8", "cdk-nag:AwsSolutions-ECS2"],
  },
  {
    name: "ecs-task-roles",
    enforcementLevel: "mandatory",
    severity: "medium",
    scope: "all",
    controls: ["checkov:CKV_AWS_249"],
  },
  {
    name: "ecs-container-insights",
    enforcementLevel: "mandatory",
    severity: "medium",
    scope: "all",
    controls: ["aws-fsbp:ECS.12", "cdk-nag:AwsSolutions-ECS4", "checkov:CKV_AWS_65"],
  },
  {
    name: "ecs-deployment-circuit-breaker",
    enforcementLevel: "mandatory",
    severity: "medium",
    scope: "all",
    controls: [],
  },
  { name: "ecs-deployment-rollback", enforcementLevel: "advisory", severity: "low", scope: "all", controls: [] },
  {
    name: "elb-http-redirects-to-https",
    enforcementLevel: "mandatory",
    severity: "high",
    scope: "all",
    controls: ["aws-fsbp:ELB.1", "checkov:CKV_AWS_2"],
  },
  {
    name: "elb-tls-policy",
    enforcementLevel: "mandatory",
    severity: "high",
    scope: "all",
    controls: ["aws-fsbp:ELB.17", "checkov:CKV_AWS_103"],
  },
  {
    name: "elb-drop-invalid-headers",
    enforcementLevel: "mandatory",
    severity: "medium",
    scope: "all",
    controls: ["aws-fsbp:ELB.4", "checkov:CKV_AWS_131"],
  },
  {
    name: "elb-access-logs",
    enforcementLevel: "mandatory",
    severity: "medium",
    scope: "all",
    controls: ["aws-fsbp:ELB.5", "cdk-nag:AwsSolutions-ELB2", "checkov:CKV_AWS_91"],
  },
  {
    name: "elb-deletion-protection",
    enforcementLevel: "mandatory",
    severity: "medium",
    scope: "prod-only",
    controls: ["aws-fsbp:ELB.6", "checkov:CKV_AWS_150"],
  },
  {
    name: "elb-waf-associated",
    enforcementLevel: "mandatory",
    severity: "high",
    scope: "prod-only",
    controls: ["aws-fsbp:ELB.16", "checkov:CKV2_AWS_28"],
  },
  {
    name: "network-security-group-open-ingress",
    enforcementLevel: "mandatory",
    severity: "critical",
    scope: "all",
    controls: [
      "aws-fsbp:EC2.18",
      "aws-fsbp:EC2.19",
      "aws-fsbp:EC2.53",
      "aws-fsbp:EC2.54",
      "cdk-nag:AwsSolutions-EC23",
      "checkov:CKV_AWS_24",
      "checkov:CKV_AWS_25",
      "checkov:CKV_AWS_277",
    ],
  },
  {
    name: "vpc-flow-logs",
    enforcementLevel: "mandatory",
    severity: "medium",
    scope: "all",
    controls: ["aws-fsbp:EC2.6", "cdk-nag:AwsSolutions-VPC7", "checkov:CKV2_AWS_11"],
  },
  { name: "vpc-flow-logs-all-traffic", enforcementLevel: "advisory", severity: "low", scope: "all", controls: [] },
  { name: "s3-gateway-endpoint-policy", enforcementLevel: "mandatory", severity: "medium", scope: "all", controls: [] },
  {
    name: "cloudwatch-log-group-retention",
    enforcementLevel: "mandatory",
    severity: "medium",
    scope: "all",
    controls: ["checkov:CKV_AWS_66"],
  },
  {
    name: "cloudwatch-log-group-retention-one-year",
    enforcementLevel: "advisory",
    severity: "low",
    scope: "prod-only",
    controls: ["aws-fsbp:CloudWatch.16", "checkov:CKV_AWS_338"],
  },
  {
    name: "cloudwatch-log-group-kms",
    enforcementLevel: "mandatory",
    severity: "medium",
    scope: "all",
    controls: ["checkov:CKV_AWS_158"],
  },
  { name: "waivers-in-effect", enforcementLevel: "advisory", severity: "low", scope: "all", controls: [] },
];
// END PINNED INVENTORY

/** Computed here, independently of the tool that prints the table, so a bug in one cannot hide in the other. */
function rowOf(meta: GuardrailMetadata): InventoryRow {
  const c = meta.controls;
  return {
    name: meta.name,
    enforcementLevel: meta.enforcementLevel,
    severity: meta.severity,
    scope: meta.scope ?? "all",
    controls: [
      ...(c.awsFsbp ?? []).map((id) => `aws-fsbp:${id}`),
      ...(c.cis ?? []).map((id) => `cis:${id}`),
      ...(c.cdkNag ?? []).map((id) => `cdk-nag:${id}`),
      ...(c.checkov ?? []).map((id) => `checkov:${id}`),
    ],
  };
}

const metas = guardrails.map((p) => guardrailMetadata(p));

describe("pack inventory", () => {
  it("matches the pinned table exactly (names, levels, severities, scopes, control IDs, order)", () => {
    const actual = metas.map(rowOf);
    const pinnedNames = PINNED.map((r) => r.name);
    const actualNames = actual.map((r) => r.name);
    // Name-level differences first: they are the most common reason to re-pin and the easiest to read.
    expect(
      {
        added: actualNames.filter((n) => !pinnedNames.includes(n)),
        removed: pinnedNames.filter((n) => !actualNames.includes(n)),
      },
      "policies added or removed: re-pin with `npx tsx tools/print-pack-inventory.ts --write` if intended",
    ).toEqual({ added: [], removed: [] });
    expect(actual, "re-pin with `npx tsx tools/print-pack-inventory.ts --write` if the change is intended").toEqual(
      PINNED,
    );
  });

  it("has unique, kebab-case names", () => {
    const names = metas.map((m) => m.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    expect(names.filter((n) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(n))).toEqual([]);
    // The policy object carries the same name the metadata declares (the engine and the waivers use this one).
    expect(guardrails.map((p) => p.name)).toEqual(names);
  });

  it("describes every policy in a full sentence ending with a period", () => {
    // A closing parenthesis may follow the period when the last sentence is a parenthetical one: "... (It is.)".
    expect(metas.filter((m) => !/^[A-Z`].*\.\)?$/s.test(m.description.trim())).map((m) => m.name)).toEqual([]);
  });

  it("gives remediation steps for every mandatory policy", () => {
    const missing = metas
      .filter((m) => m.enforcementLevel === "mandatory")
      .filter((m) => typeof m.remediationSteps !== "string" || m.remediationSteps.trim().length < 20)
      .map((m) => m.name);
    expect(missing).toEqual([]);
  });

  it("uses only known enforcement levels, severities and scopes", () => {
    for (const m of metas) {
      expect(["mandatory", "advisory"], m.name).toContain(m.enforcementLevel);
      expect(["low", "medium", "high", "critical"], m.name).toContain(m.severity);
      expect(["all", "prod-only"], m.name).toContain(m.scope ?? "all");
    }
  });

  it("keeps waivers-in-effect last, as an advisory stack policy", () => {
    const last = guardrails[guardrails.length - 1];
    expect(last.name).toBe("waivers-in-effect");
    expect("validateStack" in last).toBe(true);
    expect(last.enforcementLevel).toBe("advisory");
  });

  it("exposes the control IDs to the engine as tags and the FSBP framework", () => {
    for (const policy of guardrails) {
      const meta = guardrailMetadata(policy);
      const row = rowOf(meta);
      const tags = policy.tags ?? [];
      for (const id of row.controls) {
        const control = id.slice(id.indexOf(":") + 1);
        expect(
          tags.some((t) => t.endsWith(`:${control}`)),
          `${policy.name} tag for ${id}`,
        ).toBe(true);
      }
      if (meta.controls.awsFsbp?.length) {
        expect(policy.framework?.specification, policy.name).toBe(meta.controls.awsFsbp.join(", "));
      }
    }
  });
});
