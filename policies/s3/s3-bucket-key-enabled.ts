import { resourceGuardrail } from "../lib/guardrail";
import { BUCKET_TYPES, S3 } from "../lib/resource-types";
import { asArray, firstBlock, isRecord, isTrue } from "../lib/values";

/**
 * Advisory: SSE-KMS default encryption should turn on S3 Bucket Keys, which cut KMS requests (cost, throttling)
 * by up to 99%. DSSE-KMS does not support bucket keys, so only `aws:kms` is checked. Reads inputs only: the key
 * id (often unknown during preview) is not needed.
 */
export const s3BucketKeyEnabled = resourceGuardrail(
  {
    name: "s3-bucket-key-enabled",
    description: "S3 default encryption with SSE-KMS (aws:kms) enables S3 Bucket Keys (bucketKeyEnabled: true).",
    enforcementLevel: "advisory",
    severity: "low",
    service: "s3",
    controls: {},
    remediationSteps:
      "Set bucketKeyEnabled: true on the rule of the bucket's BucketServerSideEncryptionConfiguration (and keep the key policy's encryption context on the bucket ARN).",
  },
  (args, _context, report) => {
    let rules: unknown[];
    let where: string;
    if (args.type === S3.encryption || args.type === S3.encryptionV2) {
      rules = asArray(args.props.rules);
      where = `${args.type.split(":").pop()} "${args.name}"`;
    } else if (BUCKET_TYPES.includes(args.type)) {
      const block = firstBlock(
        args.props.serverSideEncryptionConfiguration ?? args.props.serverSideEncryptionConfigurations,
      );
      if (!block) return;
      rules = asArray(block.rule ?? block.rules);
      where = `the inline encryption of bucket "${args.name}"`;
    } else {
      return;
    }
    for (const rule of rules) {
      if (!isRecord(rule)) continue;
      const defaults = firstBlock(rule.applyServerSideEncryptionByDefault ?? rule.applyServerSideEncryptionByDefaults);
      if (defaults?.sseAlgorithm !== "aws:kms") continue;
      if (!isTrue(rule.bucketKeyEnabled)) {
        report(`Default encryption in ${where} uses "aws:kms" without bucketKeyEnabled: true (S3 Bucket Keys).`);
      }
    }
  },
);
