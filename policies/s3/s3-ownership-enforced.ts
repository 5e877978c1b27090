import { stackGuardrail } from "../lib/guardrail";
import { BucketGraph } from "./bucket-graph";
import { ownershipOf } from "./bucket-settings";
import { forEachDeferringUnknown, sentence, show } from "./shared";

/** ACLs disabled: every bucket has BucketOwnershipControls with objectOwnership `BucketOwnerEnforced` (FSBP S3.12). */
export const s3OwnershipEnforced = stackGuardrail(
  {
    name: "s3-ownership-enforced",
    description:
      "Every S3 bucket has ownership controls with objectOwnership BucketOwnerEnforced, so access control lists are disabled and access is managed by policies only.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "s3",
    controls: { awsFsbp: ["S3.12"], checkov: ["CKV2_AWS_65"] },
    remediationSteps:
      'Add an aws.s3.BucketOwnershipControls for the bucket with rule: { objectOwnership: "BucketOwnerEnforced" }; move any access granted by ACLs (such as log delivery) to the bucket policy.',
  },
  (resources, _context, report) => {
    const graph = BucketGraph.of(resources);
    forEachDeferringUnknown(graph.buckets, (node) => {
      const controls = ownershipOf(graph, node);
      if (controls.length === 0) {
        report(
          `${sentence(node.label)} has no BucketOwnershipControls: add one with objectOwnership "BucketOwnerEnforced" to disable ACLs.`,
          node.resource.urn,
        );
        return;
      }
      if (controls.some((c) => c.objectOwnership === "BucketOwnerEnforced")) return;
      const c = controls[0];
      report(
        `BucketOwnershipControls "${c.resource.name}" of ${node.label} sets objectOwnership ${show(c.objectOwnership)}; it must be "BucketOwnerEnforced" so ACLs are disabled.`,
        node.resource.urn,
      );
    });
  },
);
