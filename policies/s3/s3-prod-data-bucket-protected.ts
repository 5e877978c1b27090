import { stackGuardrail } from "../lib/guardrail";
import { BucketGraph } from "./bucket-graph";
import { forEachDeferringUnknown, sentence } from "./shared";

/**
 * Production data and replica buckets are `protect`ed, so `pulumi destroy` or a replacing change cannot delete
 * them. `retainOnDelete` is not visible to policies (PolicyResourceOptions has no such field): it cannot be
 * checked here and must be asserted by the program's unit tests.
 */
export const s3ProdDataBucketProtected = stackGuardrail(
  {
    name: "s3-prod-data-bucket-protected",
    description:
      "In production, every S3 data bucket (not a log bucket) and every replica bucket is created with the protect resource option. (retainOnDelete is invisible to policies and is checked by the program's tests instead.)",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "s3",
    scope: "prod-only",
    controls: {},
    remediationSteps:
      "Create the bucket with { protect: true, retainOnDelete: true } in production. The policy engine cannot see retainOnDelete, so keep a unit test that asserts it.",
  },
  (resources, _context, report) => {
    const graph = BucketGraph.of(resources);
    forEachDeferringUnknown(graph.buckets, (node) => {
      if (node.resource.opts?.protect === true) return;
      const replicaMessage = `${sentence(node.label)} is a production replica bucket but is not protected (opts.protect is not true).`;
      // Facts known without reading unknown values come first, so a preview decides as much as it can.
      if (graph.isKnownReplicationDestination(node)) return report(replicaMessage, node.resource.urn);
      if (graph.isLogTarget(node)) return;
      if (graph.isReplicationDestination(node)) return report(replicaMessage, node.resource.urn);
      if (graph.isLogBucket(node)) return;
      report(
        `${sentence(node.label)} is a production data bucket but is not protected (opts.protect is not true).`,
        node.resource.urn,
      );
    });
  },
);
