import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { iamGuardrails } from "../../../policies/iam";
import { iamNoWildcardActions } from "../../../policies/iam/iam-no-wildcard-actions";
import { kmsGuardrails } from "../../../policies/kms";
import { EC2, IAM, KMS, S3 } from "../../../policies/lib/resource-types";
import { runPolicy } from "../../helpers/policy-harness";

const TYPES = [
  IAM.role,
  IAM.rolePolicy,
  IAM.policy,
  IAM.userPolicy,
  S3.policy,
  S3.bucket,
  KMS.key,
  KMS.keyPolicy,
  EC2.vpcEndpoint,
  IAM.rolePolicyAttachment,
  IAM.user,
];

const junk = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.object({ maxDepth: 2 }),
);
const action = fc.oneof(
  fc.constantFrom(
    "s3:GetObject",
    "s3:HeadObject",
    "kms:Decrypt",
    "ecr:GetAuthorizationToken",
    "sts:AssumeRole",
    "S3:getobject",
  ),
  fc.constantFrom("*", "s3:*", "s3:Get*", "s3:?etObject", "*:*", "s3*:Get*", "../..:x", "::", "s3:"),
  fc.string(),
);
const oneOrMany = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.array(arb, { maxLength: 4 }));
const statement = fc.record(
  {
    Sid: fc.oneof(fc.string(), junk),
    Effect: fc.oneof(fc.constantFrom("Allow", "Deny"), junk),
    Action: oneOrMany(action),
    NotAction: oneOrMany(action),
    Resource: oneOrMany(fc.oneof(fc.constantFrom("*", "arn:aws:s3:::b/*", "arn:aws:*:*:*:*"), fc.string())),
    NotResource: oneOrMany(fc.string()),
    Principal: fc.oneof(
      fc.constant("*"),
      fc.record({ AWS: oneOrMany(fc.oneof(fc.constant("*"), fc.string())) }),
      fc.record({ Service: oneOrMany(fc.constantFrom("ecs-tasks.amazonaws.com", "s3.amazonaws.com")) }),
      junk,
    ),
    Condition: fc.oneof(fc.dictionary(fc.string(), fc.dictionary(fc.string(), oneOrMany(fc.string()))), junk),
  },
  { requiredKeys: [] },
);
const document = fc.record(
  { Version: fc.constant("2012-10-17"), Statement: fc.oneof(statement, fc.array(statement, { maxLength: 4 }), junk) },
  { requiredKeys: [] },
);
const docValue = fc.oneof(
  document,
  document.map((d) => JSON.stringify(d)),
  junk,
);
const props = fc.record(
  {
    policy: docValue,
    assumeRolePolicy: docValue,
    inlinePolicies: fc.oneof(
      fc.array(fc.record({ name: fc.oneof(fc.string(), junk), policy: docValue }, { requiredKeys: [] }), {
        maxLength: 3,
      }),
      junk,
    ),
    managedPolicyArns: fc.oneof(
      fc.array(fc.oneof(fc.constant("arn:aws:iam::aws:policy/AdministratorAccess"), fc.string())),
      junk,
    ),
    policyArn: fc.oneof(fc.constant("arn:aws:iam::aws:policy/AmazonS3FullAccess"), junk),
    enableKeyRotation: junk,
    deletionWindowInDays: fc.oneof(fc.integer(), junk),
    customerMasterKeySpec: junk,
  },
  { requiredKeys: [] },
);

describe("IAM/KMS guardrails on random input", () => {
  it("never throw, whatever the resource shape", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TYPES),
        props,
        fc.constantFrom("dev", "prod"),
        async (type, p, environment) => {
          for (const policy of [...iamGuardrails, ...kmsGuardrails]) {
            await runPolicy(policy, { type, props: p as Record<string, unknown> }, { environment });
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("always report a wildcard action in an Allow statement", async () => {
    const wildcard = fc.constantFrom("*", "s3:*", "s3:Get*", "kms:?ecrypt", "iam:Pass*");
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(IAM.rolePolicy, S3.policy, KMS.key, EC2.vpcEndpoint),
        wildcard,
        fc.array(action, { maxLength: 3 }),
        fc.boolean(),
        async (type, bad, others, asString) => {
          const doc = { Statement: [{ Effect: "Allow", Action: [...others, bad], Resource: "*" }] };
          const run = await runPolicy(iamNoWildcardActions, {
            type,
            props: { policy: asString ? JSON.stringify(doc) : doc },
          });
          expect(run.violations.some((v) => v.message.includes(`"${bad}"`))).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});
