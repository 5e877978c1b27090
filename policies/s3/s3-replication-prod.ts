import { stackGuardrail } from "../lib/guardrail";
import { BucketGraph } from "./bucket-graph";
import { replicationOf } from "./bucket-settings";
import { forEachDeferringUnknown, sentence } from "./shared";

/**
 * Production data buckets replicate (FSBP S3.7). Exempt: log buckets, and replication destinations (a replica
 * does not replicate further). The policy sees no provider regions reliably, so it checks that an enabled rule
 * exists, not that the destination is in another region.
 */
export const s3ReplicationProd = stackGuardrail(
  {
    name: "s3-replication-prod",
    description:
      "In production, every S3 data bucket that is not itself a replication destination has a replication configuration with at least one enabled rule.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "s3",
    scope: "prod-only",
    controls: { awsFsbp: ["S3.7"], checkov: ["CKV_AWS_144"] },
    remediationSteps:
      "Add an aws.s3.BucketReplicationConfig for the bucket (after versioning on both buckets) with an enabled rule to a versioned bucket in another region; for SSE-KMS objects set sourceSelectionCriteria.sseKmsEncryptedObjects and destination.encryptionConfiguration.replicaKmsKeyId.",
  },
  (resources, _context, report) => {
    const graph = BucketGraph.of(resources);
    forEachDeferringUnknown(graph.buckets, (node) => {
      // Facts known without reading unknown values come first, so a preview decides as much as it can.
      if (graph.isKnownReplicationDestination(node) || graph.isLogTarget(node)) return;
      const replication = replicationOf(graph, node);
      if (replication.enabledRules > 0) return;
      if (graph.isReplicationDestination(node) || graph.isLogBucket(node)) return;
      report(
        replication.configured
          ? `${sentence(node.label)} has a replication configuration (${replication.via}) with no enabled rule; production data buckets must replicate to another region.`
          : `${sentence(node.label)} is a production data bucket without replication: add a BucketReplicationConfig with an enabled rule to a bucket in another region.`,
        node.resource.urn,
      );
    });
  },
);
