import type { PolicyComplianceFramework } from "@pulumi/policy";

/**
 * The compliance controls a guardrail implements. Each list holds the control IDs as the framework spells
 * them, so a reviewer can search the framework's own documentation for them.
 */
export interface ControlMapping {
  /** AWS Foundational Security Best Practices (Security Hub), e.g. `S3.8`. */
  readonly awsFsbp?: readonly string[];
  /** CIS AWS Foundations Benchmark v3.0.0, e.g. `2.1.1`. */
  readonly cis?: readonly string[];
  /** cdk-nag AwsSolutions rule IDs, e.g. `AwsSolutions-S1`. */
  readonly cdkNag?: readonly string[];
  /** Checkov check IDs, e.g. `CKV_AWS_53`. */
  readonly checkov?: readonly string[];
}

const FSBP_FRAMEWORK = {
  name: "AWS Foundational Security Best Practices",
  version: "1.0.0",
  reference: "https://docs.aws.amazon.com/securityhub/latest/userguide/fsbp-standard.html",
};

const TAG_PREFIXES: Record<keyof ControlMapping, string> = {
  awsFsbp: "aws-fsbp",
  cis: "cis-aws",
  cdkNag: "cdk-nag",
  checkov: "checkov",
};

/** Tags in the form `<framework>:<control>` (e.g. `aws-fsbp:S3.8`), plus the service tag first. */
export function controlTags(service: string, controls: ControlMapping): string[] {
  const tags = [service];
  for (const key of Object.keys(TAG_PREFIXES) as (keyof ControlMapping)[]) {
    for (const id of controls[key] ?? []) tags.push(`${TAG_PREFIXES[key]}:${id}`);
  }
  return tags;
}

/**
 * The Pulumi `framework` field holds one framework; we name FSBP there when the guardrail maps to it (it is the
 * standard Security Hub reports against) and list every framework's IDs in `tags`.
 */
export function primaryFramework(controls: ControlMapping): PolicyComplianceFramework | undefined {
  if (!controls.awsFsbp?.length) return undefined;
  return { ...FSBP_FRAMEWORK, specification: controls.awsFsbp.join(", ") };
}
