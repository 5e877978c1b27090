import { stackGuardrail } from "../lib/guardrail";
import { BucketGraph } from "./bucket-graph";
import { versioningOf } from "./bucket-settings";
import { forEachDeferringUnknown, sentence, show } from "./shared";

/** Versioning Enabled on every bucket (split/V2 `versioningConfiguration.status`, inline `versioning.enabled`). */
export const s3VersioningEnabled = stackGuardrail(
  {
    name: "s3-versioning-enabled",
    description: "Every S3 bucket has versioning enabled, so overwritten or deleted objects can be recovered.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "s3",
    controls: { awsFsbp: ["S3.14"], checkov: ["CKV_AWS_21"] },
    remediationSteps:
      'Add an aws.s3.BucketVersioning for the bucket with versioningConfiguration: { status: "Enabled" }, and a lifecycle rule that expires noncurrent versions.',
  },
  (resources, _context, report) => {
    const graph = BucketGraph.of(resources);
    forEachDeferringUnknown(graph.buckets, (node) => {
      const v = versioningOf(graph, node);
      if (v.state === "Enabled") return;
      if (v.state === "absent") {
        report(
          `${sentence(node.label)} has no versioning configuration: add a BucketVersioning with versioningConfiguration.status "Enabled".`,
          node.resource.urn,
        );
        return;
      }
      const what = v.via?.startsWith("inline") ? `versioning.enabled = ${show(v.found)}` : `status ${show(v.found)}`;
      report(
        `${sentence(node.label)} does not have versioning enabled (${v.via}: ${what}); it must be "Enabled".`,
        node.resource.urn,
      );
    });
  },
);
