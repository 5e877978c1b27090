/**
 * Secret references a container's `secrets[].valueFrom` may hold: a Secrets Manager secret ARN (with the
 * 6-character suffix AWS appends to the name, optionally followed by `:json-key:version-stage:version-id`) or an
 * SSM Parameter Store parameter ARN. The execution role is granted exactly the referenced secrets.
 */

export const SECRETS_MANAGER_ARN =
  /^arn:aws[a-z-]*:secretsmanager:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}(?::[^:]*:[^:]*:[^:]*)?$/;
export const SSM_PARAMETER_ARN = /^arn:aws[a-z-]*:ssm:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:parameter\/[A-Za-z0-9_.\-/]+$/;

export type SecretKind = "secretsmanager" | "ssm";

/** Which store a `valueFrom` ARN points to, or undefined when it is neither. */
export function secretKind(valueFrom: string): SecretKind | undefined {
  if (SECRETS_MANAGER_ARN.test(valueFrom)) return "secretsmanager";
  if (SSM_PARAMETER_ARN.test(valueFrom)) return "ssm";
  return undefined;
}

/** The ARN IAM grants name: a Secrets Manager `valueFrom` without its `:json-key:stage:version` suffix. */
export function secretResourceArn(valueFrom: string): string {
  return secretKind(valueFrom) === "secretsmanager" ? valueFrom.split(":").slice(0, 7).join(":") : valueFrom;
}
