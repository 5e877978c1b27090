import { stackGuardrail } from "../lib/guardrail";
import { BucketGraph } from "./bucket-graph";
import { loggingOf } from "./bucket-settings";
import { forEachDeferringUnknown, sentence } from "./shared";

/**
 * Server access logging (FSBP S3.9) on every bucket that is not itself a log bucket, replicas included. What
 * counts as a log bucket is defined once in bucket-graph.ts (a log target, or a policy granting log delivery).
 */
export const s3AccessLogging = stackGuardrail(
  {
    name: "s3-access-logging",
    description:
      "Every S3 bucket that is not itself a log bucket (a target of access, flow or trail logs, or granting a log-delivery service) has server access logging to another bucket, replica buckets included.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "s3",
    controls: { awsFsbp: ["S3.9"], cdkNag: ["AwsSolutions-S1"], checkov: ["CKV_AWS_18"] },
    remediationSteps:
      'Add an aws.s3.BucketLogging for the bucket with targetBucket set to an access-log bucket in the same region (SSE-S3, with a bucket policy allowing "logging.s3.amazonaws.com" s3:PutObject under aws:SourceArn/aws:SourceAccount conditions) and a targetPrefix.',
  },
  (resources, _context, report) => {
    const graph = BucketGraph.of(resources);
    forEachDeferringUnknown(graph.buckets, (node) => {
      // Facts known without reading unknown values come first, so a preview decides as much as it can.
      if (graph.logsToItself(node)) {
        report(
          `${sentence(node.label)} delivers its server access logs to itself: every log delivery writes a new object that is logged again; send the logs to a separate log bucket.`,
          node.resource.urn,
        );
        return;
      }
      if (graph.isLogTarget(node)) return;
      if (loggingOf(graph, node).configured || graph.isLogBucket(node)) return;
      report(
        `${sentence(node.label)} has no server access logging and is not a log bucket: add a BucketLogging with a targetBucket in the same region.`,
        node.resource.urn,
      );
    });
  },
);
