import type * as pulumi from "@pulumi/pulumi";

/**
 * How hard a stateful resource is to lose. `protected` makes `pulumi destroy` and replacements fail for the
 * resource (protect) and keeps it in AWS if it ever leaves the program (retainOnDelete): prod buckets and keys.
 */
export type DataProtection = "protected" | "disposable";

export function dataProtectionOptions(
  protection: DataProtection,
): Pick<pulumi.CustomResourceOptions, "protect" | "retainOnDelete"> {
  return protection === "protected" ? { protect: true, retainOnDelete: true } : {};
}
