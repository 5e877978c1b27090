import { stackGuardrail } from "../lib/guardrail";
import { BucketGraph } from "./bucket-graph";
import { isVersioned, lifecycleOf, versioningOf } from "./bucket-settings";
import { forEachDeferringUnknown, sentence } from "./shared";

/**
 * Lifecycle (FSBP S3.13, and S3.10 for versioned buckets): an enabled rule; when the bucket is versioned (Enabled
 * or Suspended) an enabled rule with noncurrent-version expiration — otherwise a "deleted" object stays forever
 * as a noncurrent version; and an enabled rule that aborts incomplete multipart uploads. Each gap is its own
 * violation.
 */
export const s3LifecycleConfigured = stackGuardrail(
  {
    name: "s3-lifecycle-configured",
    description:
      "Every S3 bucket has a lifecycle configuration with an enabled rule, an enabled rule that expires noncurrent versions when the bucket is versioned, and an enabled rule that aborts incomplete multipart uploads.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "s3",
    controls: { awsFsbp: ["S3.10", "S3.13"], checkov: ["CKV2_AWS_61"] },
    remediationSteps:
      "Add an aws.s3.BucketLifecycleConfiguration for the bucket with enabled rules: expiration of current objects as retention requires, noncurrentVersionExpiration { noncurrentDays } when versioning is on, and abortIncompleteMultipartUpload { daysAfterInitiation }.",
    configProperties: {
      requireNoncurrentVersionExpiration: {
        type: "boolean",
        default: true,
        description: "Require an enabled rule with noncurrent-version expiration on versioned buckets.",
      },
      requireAbortIncompleteMultipartUpload: {
        type: "boolean",
        default: true,
        description: "Require an enabled rule that aborts incomplete multipart uploads.",
      },
    },
  },
  (resources, context, report) => {
    const graph = BucketGraph.of(resources);
    const needNoncurrent = context.config.requireNoncurrentVersionExpiration !== false;
    const needAbort = context.config.requireAbortIncompleteMultipartUpload !== false;
    forEachDeferringUnknown(graph.buckets, (node) => {
      const label = sentence(node.label);
      const urn = node.resource.urn;
      const lifecycle = lifecycleOf(graph, node);
      if (!lifecycle.configured) {
        report(
          `${label} has no lifecycle configuration: add a BucketLifecycleConfiguration with enabled rules (expiration, noncurrent-version expiration, abort of incomplete multipart uploads).`,
          urn,
        );
        return;
      }
      const enabled = lifecycle.rules.filter((r) => r.enabled);
      if (enabled.length === 0) {
        report(`${label} has a lifecycle configuration (${lifecycle.via}) with no enabled rule.`, urn);
        return;
      }
      if (needNoncurrent && !enabled.some((r) => r.expiresNoncurrent)) {
        const versioning = versioningOf(graph, node);
        if (isVersioned(versioning)) {
          report(
            `${label} is versioned (${versioning.state}) but no enabled lifecycle rule in ${lifecycle.via} expires noncurrent versions (noncurrentVersionExpiration), so deleted and overwritten objects are kept forever.`,
            urn,
          );
        }
      }
      if (needAbort && !enabled.some((r) => r.abortsMultipart)) {
        report(
          `${label} has no enabled lifecycle rule in ${lifecycle.via} that aborts incomplete multipart uploads (abortIncompleteMultipartUpload.daysAfterInitiation).`,
          urn,
        );
      }
    });
  },
);
