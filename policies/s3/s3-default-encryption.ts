import { stackGuardrail } from "../lib/guardrail";
import { BucketGraph } from "./bucket-graph";
import { encryptionOf, isAwsManagedKey, KMS_ALGORITHMS, KNOWN_ALGORITHMS } from "./bucket-settings";
import { ENVIRONMENT_KNOB, forEachDeferringUnknown, sentence, show } from "./shared";

/**
 * Default encryption on every bucket; in prod, data buckets use SSE-KMS with a customer-managed key (FSBP S3.17).
 * Log buckets (see bucket-graph.ts) may use SSE-S3 in every environment: S3 server access logging cannot deliver
 * into an SSE-KMS bucket. In dev (`environment: dev`) any supported algorithm passes.
 */
export const s3DefaultEncryption = stackGuardrail(
  {
    name: "s3-default-encryption",
    description:
      "Every S3 bucket has default encryption; in production, data buckets (every bucket that is not a log bucket) use SSE-KMS (aws:kms or aws:kms:dsse) with a customer-managed KMS key, while log buckets may use SSE-S3.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "s3",
    controls: { awsFsbp: ["S3.17"], checkov: ["CKV_AWS_19", "CKV_AWS_145"] },
    remediationSteps:
      'Add an aws.s3.BucketServerSideEncryptionConfiguration for the bucket. Data buckets in production: applyServerSideEncryptionByDefault { sseAlgorithm: "aws:kms", kmsMasterKeyId: <customer-managed key ARN> } and bucketKeyEnabled: true. Log buckets: sseAlgorithm "AES256".',
    configProperties: { environment: ENVIRONMENT_KNOB },
  },
  (resources, context, report) => {
    const graph = BucketGraph.of(resources);
    const prod = context.environment === "prod";
    forEachDeferringUnknown(graph.buckets, (node) => {
      const enc = encryptionOf(graph, node);
      const label = sentence(node.label);
      if (!enc.configured) {
        report(
          `${label} has no default encryption configuration: add a BucketServerSideEncryptionConfiguration (SSE-KMS with a customer-managed key for data buckets in production, SSE-S3 for log buckets).`,
          node.resource.urn,
        );
        return;
      }
      const rule = enc.rules[0];
      if (!rule) {
        report(
          `${label} has an encryption configuration (${enc.via}) without an applyServerSideEncryptionByDefault rule, so no default encryption applies.`,
          node.resource.urn,
        );
        return;
      }
      const algorithm = rule.algorithm;
      if (typeof algorithm !== "string" || !KNOWN_ALGORITHMS.includes(algorithm)) {
        report(
          `${label} has default encryption with unsupported sseAlgorithm ${show(algorithm)} (${rule.via}); use "aws:kms", "aws:kms:dsse" or "AES256".`,
          node.resource.urn,
        );
        return;
      }
      if (!prod) return;
      let problem: string | undefined;
      if (!KMS_ALGORITHMS.includes(algorithm)) {
        problem = `is encrypted with ${show(algorithm)} (SSE-S3)`;
      } else {
        const keyId = rule.kmsKeyId();
        if (!keyId) problem = `uses ${show(algorithm)} without a kmsMasterKeyId (the AWS-managed aws/s3 key)`;
        else if (isAwsManagedKey(keyId)) problem = `uses the AWS-managed key ${show(keyId)}`;
      }
      if (!problem || graph.isLogBucket(node)) return;
      report(
        `${label} is a production data bucket that ${problem} (${rule.via}); it must use SSE-KMS ("aws:kms" or "aws:kms:dsse") with a customer-managed KMS key in kmsMasterKeyId.`,
        node.resource.urn,
      );
    });
  },
);
