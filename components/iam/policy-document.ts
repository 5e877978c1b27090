/**
 * IAM policy documents as data. Every document in this package (bucket, key, role and endpoint policies) is built
 * from these typed statements and serialised in one place, never string-templated.
 */
import * as pulumi from "@pulumi/pulumi";

export type ConditionOperator =
  | "Bool"
  | "Null"
  | "StringEquals"
  | "StringNotEquals"
  | "StringLike"
  | "StringNotLike"
  | "ArnEquals"
  | "ArnLike"
  | "ArnNotEquals"
  | "ArnNotLike"
  | "NumericLessThan"
  | "ForAnyValue:StringEquals";

export type Principal =
  "*" | { readonly AWS?: pulumi.Input<string> | pulumi.Input<string>[]; readonly Service?: string | string[] };

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: Principal;
  readonly Action: string | string[];
  readonly Resource?: pulumi.Input<string> | pulumi.Input<string>[];
  readonly Condition?: Partial<
    Record<ConditionOperator, Record<string, pulumi.Input<string> | pulumi.Input<string>[]>>
  >;
}

/** The JSON text of a policy document with these statements. */
export function policyDocument(statements: readonly PolicyStatement[]): pulumi.Output<string> {
  return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

/** The trust policy letting one AWS service assume a role, guarded against the confused-deputy problem. */
export function serviceTrustPolicy(
  service: string,
  accountId: pulumi.Input<string>,
  sourceArnLike?: pulumi.Input<string>,
): pulumi.Output<string> {
  return policyDocument([
    {
      Sid: "AssumeFromService",
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sts:AssumeRole",
      Condition: {
        StringEquals: { "aws:SourceAccount": accountId },
        ...(sourceArnLike ? { ArnLike: { "aws:SourceArn": sourceArnLike } } : {}),
      },
    },
  ]);
}
