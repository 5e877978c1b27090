import type { PolicyResource } from "@pulumi/policy";
import { stackGuardrail } from "../lib/guardrail";
import { BucketGraph } from "./bucket-graph";
import { falsePublicAccessFlags } from "./bucket-settings";
import { forEachDeferringUnknown, sentence, show } from "./shared";

/**
 * Every bucket has a BucketPublicAccessBlock with all four flags true (FSBP S3.8). The block is related to its
 * bucket through `propertyDependencies.bucket`, then by the bucket name. AWS turns the four flags on for new
 * buckets by default, but only an explicit block makes the intent reviewable and survives a console change.
 */
export const s3PublicAccessBlock = stackGuardrail(
  {
    name: "s3-public-access-block",
    description:
      "Every S3 bucket has a bucket-level public access block with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all set to true.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "s3",
    controls: {
      awsFsbp: ["S3.8"],
      cis: ["2.1.4"],
      cdkNag: ["AwsSolutions-S2"],
      checkov: ["CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
    },
    remediationSteps:
      "Add an aws.s3.BucketPublicAccessBlock for the bucket (bucket: bucket.id) with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets set to true; make the bucket policy depend on it.",
  },
  (resources, _context, report) => {
    const graph = BucketGraph.of(resources);
    forEachDeferringUnknown(graph.buckets, (node) => {
      const blocks = graph.childrenOf(node, "publicAccessBlock");
      if (blocks.length === 0) {
        report(
          `${sentence(node.label)} has no BucketPublicAccessBlock: add one with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets set to true.`,
          node.resource.urn,
        );
        return;
      }
      let worst: { block: PolicyResource; missing: string[] } | undefined;
      for (const block of blocks) {
        const missing = falsePublicAccessFlags(block.props);
        if (missing.length === 0) return;
        if (!worst || missing.length < worst.missing.length) worst = { block, missing };
      }
      if (!worst) return;
      const { block, missing } = worst;
      const found = missing.map((flag) => `${flag} = ${show(block.props[flag])}`).join(", ");
      report(
        `BucketPublicAccessBlock "${block.name}" of ${node.label} does not set ${missing.join(", ")} to true (found ${found}).`,
        node.resource.urn,
      );
    });
  },
);
