import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, type PolicyStatement } from "../iam/policy-document";
import { dataProtectionOptions, type DataProtection } from "./data-protection";

/**
 * Key administration actions for the account root, spelled out because the pack bans wildcard actions. KMS refuses
 * a key policy that would lock the caller out of `kms:PutKeyPolicy`; keeping these on the account root lets IAM
 * policies of the deploying role administer the key.
 */
export const KEY_ADMIN_ACTIONS = [
  "kms:CancelKeyDeletion",
  "kms:CreateAlias",
  "kms:DeleteAlias",
  "kms:DescribeKey",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListGrants",
  "kms:ListKeyPolicies",
  "kms:ListResourceTags",
  "kms:PutKeyPolicy",
  "kms:RevokeGrant",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
];

/** Data-plane actions S3 performs with the key on a caller's behalf (SSE-KMS with bucket keys). */
export const S3_KEY_USE_ACTIONS = [
  "kms:Decrypt",
  "kms:Encrypt",
  "kms:GenerateDataKey",
  "kms:ReEncryptFrom",
  "kms:ReEncryptTo",
];

export interface EncryptionKeyArgs {
  /** What the key protects, shown in the console. */
  readonly description: string;
  /** `alias/<name>` for the key. */
  readonly alias: string;
  /** AWS account id that owns the key. */
  readonly accountId: pulumi.Input<string>;
  /** AWS partition (`aws`, `aws-cn`, ...). */
  readonly partition: pulumi.Input<string>;
  /**
   * The only AWS service through which principals of this account may use the key, e.g.
   * `s3.us-east-1.amazonaws.com` (checked with `kms:ViaService`). Principals still need an IAM policy granting the
   * action. Omit for keys used only through `extraStatements`. Default none.
   */
  readonly usableViaService?: string;
  /** Further key-policy statements (e.g. the CloudWatch Logs service principal). Default none. */
  readonly extraStatements?: readonly PolicyStatement[];
  /** Days KMS waits before deleting the key after a scheduled deletion (7–30). Default `30`. */
  readonly deletionWindowInDays?: number;
  /** Default `"disposable"`. */
  readonly protection?: DataProtection;
}

/** A customer-managed symmetric KMS key with yearly rotation, an alias and an explicit least-privilege key policy. */
export class EncryptionKey extends pulumi.ComponentResource {
  /** The key. */
  public readonly key: aws.kms.Key;
  /** The key's ARN (what S3 encryption settings and IAM policies reference). */
  public readonly arn: pulumi.Output<string>;

  constructor(name: string, args: EncryptionKeyArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const deletionWindowInDays = args.deletionWindowInDays ?? 30;
    if (!Number.isInteger(deletionWindowInDays) || deletionWindowInDays < 7 || deletionWindowInDays > 30) {
      throw new Error(
        `EncryptionKey ${name}: deletionWindowInDays must be an integer from 7 to 30, got ${deletionWindowInDays}`,
      );
    }
    super("starscreen:storage:EncryptionKey", name, {}, opts);
    const accountRoot = pulumi.interpolate`arn:${args.partition}:iam::${args.accountId}:root`;
    const statements: PolicyStatement[] = [
      {
        Sid: "AccountAdministersKey",
        Effect: "Allow",
        Principal: { AWS: accountRoot },
        Action: KEY_ADMIN_ACTIONS,
        Resource: "*",
      },
    ];
    if (args.usableViaService) {
      statements.push({
        Sid: "AccountUsesKeyOnlyThroughService",
        Effect: "Allow",
        Principal: { AWS: accountRoot },
        Action: S3_KEY_USE_ACTIONS,
        Resource: "*",
        Condition: {
          StringEquals: { "kms:ViaService": args.usableViaService, "kms:CallerAccount": args.accountId },
        },
      });
    }
    statements.push(...(args.extraStatements ?? []));

    this.key = new aws.kms.Key(
      `${name}-key`,
      {
        description: args.description,
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        enableKeyRotation: true,
        deletionWindowInDays,
        policy: policyDocument(statements),
      },
      { parent: this, ...dataProtectionOptions(args.protection ?? "disposable") },
    );
    new aws.kms.Alias(`${name}-alias`, { name: args.alias, targetKeyId: this.key.keyId }, { parent: this });
    this.arn = this.key.arn;
    this.registerOutputs({ arn: this.arn });
  }
}
