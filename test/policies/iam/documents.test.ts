import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { describeDocument, iamDocuments, POLICY_BEARING, statementRef } from "../../../policies/iam/documents";
import { EC2, IAM, KMS, S3 } from "../../../policies/lib/resource-types";
import { UNKNOWN } from "../../helpers/policy-harness";

const doc = { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "*" } };

describe("iamDocuments", () => {
  it("returns a role's trust policy and each inline policy with their kinds and labels", () => {
    const docs = iamDocuments(IAM.role, {
      assumeRolePolicy: JSON.stringify(doc),
      inlinePolicies: [{ name: "s3", policy: doc }, { policy: JSON.stringify(doc) }, {}],
    });
    expect(docs.map((d) => [d.kind, d.label, d.property])).toEqual([
      ["trust", "role trust policy", "assumeRolePolicy"],
      ["identity", 'role inline policy "s3"', "inlinePolicies[0].policy"],
      ["identity", "role inline policy #2", "inlinePolicies[1].policy"],
    ]);
    expect(docs.every((d) => d.statements?.length === 1)).toBe(true);
  });

  it.each([
    [IAM.rolePolicy, "identity", "role policy"],
    [IAM.policy, "identity", "managed policy"],
    [IAM.userPolicy, "identity", "user policy"],
    [IAM.groupPolicy, "identity", "group policy"],
    [S3.policy, "resource", "bucket policy"],
    [S3.bucket, "resource", "bucket policy (inline)"],
    [S3.bucketV2, "resource", "bucket policy (inline)"],
    [KMS.key, "resource", "key policy"],
    [KMS.keyPolicy, "resource", "key policy"],
    [KMS.replicaKey, "resource", "key policy"],
    [EC2.vpcEndpoint, "resource", "VPC endpoint policy"],
    [EC2.vpcEndpointPolicy, "resource", "VPC endpoint policy"],
    [POLICY_BEARING.sqsQueuePolicy, "resource", "queue policy"],
    [POLICY_BEARING.snsTopic, "resource", "topic policy"],
    [POLICY_BEARING.ecrRepositoryPolicy, "resource", "repository policy"],
  ])("reads %s policy as %s", (type, kind, label) => {
    const docs = iamDocuments(type, { policy: JSON.stringify(doc) });
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ kind, label, property: "policy" });
    expect(docs[0].statements?.[0].actions).toEqual(["s3:GetObject"]);
  });

  it("skips absent documents and types without documents; never throws on odd shapes", () => {
    expect(iamDocuments(S3.policy, {})).toEqual([]);
    expect(iamDocuments(S3.policy, { policy: "" })).toEqual([]);
    expect(iamDocuments(S3.policy, { policy: null })).toEqual([]);
    expect(iamDocuments("aws:ec2/instance:Instance", { policy: JSON.stringify(doc) })).toEqual([]);
    expect(iamDocuments(IAM.role, { inlinePolicies: "nonsense" })).toEqual([]);
    expect(iamDocuments(IAM.role, null)).toEqual([]);
    expect(iamDocuments(S3.policy, { policy: "{not json" })[0].statements).toBeUndefined();
    expect(iamDocuments(S3.policy, { policy: 42 })[0].statements).toBeUndefined();
    expect(iamDocuments(S3.policy, { policy: { Statement: 7 } })[0].statements).toEqual([]);
  });

  it("lets an unknown document surface as UnknownValueError", () => {
    const props = unknownCheckingProxy({ policy: UNKNOWN }) as Record<string, unknown>;
    expect(() => iamDocuments(S3.policy, props)).toThrow(UnknownValueError);
    const role = unknownCheckingProxy({ assumeRolePolicy: "{}", inlinePolicies: [{ name: "x", policy: UNKNOWN }] });
    expect(() => iamDocuments(IAM.role, role)).toThrow(UnknownValueError);
  });

  it("builds message fragments", () => {
    const [d] = iamDocuments(S3.policy, {
      policy: { Statement: [{ Sid: "AllowAll", Effect: "Allow" }, { Effect: "Deny" }] },
    });
    expect(describeDocument(d)).toBe("Bucket policy");
    expect(statementRef(d, d.statements![0])).toBe('Bucket policy statement "AllowAll"');
    expect(statementRef(d, d.statements![1])).toBe("Bucket policy statement #2");
  });
});
