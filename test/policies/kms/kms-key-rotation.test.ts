import { describe, expect, it } from "vitest";
import { kmsKeyRotation } from "../../../policies/kms/kms-key-rotation";
import { KMS } from "../../../policies/lib/resource-types";
import { runPolicy, UNKNOWN } from "../../helpers/policy-harness";

const key = (props: Record<string, unknown>) => ({ type: KMS.key, name: "resumes-key", props });

describe("kms-key-rotation", () => {
  it('passes symmetric keys with rotation (spec absent, SYMMETRIC_DEFAULT, string "true")', async () => {
    const run = await runPolicy(kmsKeyRotation, [
      key({ enableKeyRotation: true }),
      key({ enableKeyRotation: true, customerMasterKeySpec: "SYMMETRIC_DEFAULT", rotationPeriodInDays: 180 }),
      key({ enableKeyRotation: "true", keySpec: "SYMMETRIC_DEFAULT" }),
    ]);
    expect(run.violations).toEqual([]);
    expect(run.notApplicable).toBeUndefined();
  });

  it.each([
    [{}, "not set"],
    [{ enableKeyRotation: false }, "false"],
    [{ enableKeyRotation: "false", customerMasterKeySpec: "SYMMETRIC_DEFAULT" }, '"false"'],
  ])("fails %j", async (props, found) => {
    const run = await runPolicy(kmsKeyRotation, key(props));
    expect(run.violations.map((v) => v.message)).toEqual([
      `KMS key "resumes-key" is a symmetric key without automatic rotation (enableKeyRotation is ${found}); set enableKeyRotation: true.`,
    ]);
  });

  it.each([
    [{ customerMasterKeySpec: "RSA_2048" }, /key spec "RSA_2048"/],
    [{ keySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" }, /key spec "HMAC_256"/],
    [{ customerMasterKeySpec: "ECC_NIST_P256" }, /cannot rotate/],
    [{ customKeyStoreId: "cks-123" }, /custom key store/],
  ])("is not applicable to %j", async (props, reason) => {
    const run = await runPolicy(kmsKeyRotation, key(props));
    expect(run.violations).toEqual([]);
    expect(run.notApplicable).toMatch(reason);
  });

  it("ignores other key types (replica keys follow their primary; imported keys cannot rotate)", async () => {
    const run = await runPolicy(kmsKeyRotation, [
      { type: KMS.replicaKey, props: {} },
      { type: "aws:kms/externalKey:ExternalKey", props: {} },
    ]);
    expect(run.violations).toEqual([]);
  });

  it("does not decide on unknown values", async () => {
    expect((await runPolicy(kmsKeyRotation, key({ enableKeyRotation: UNKNOWN }))).unknown).toBeDefined();
    expect(
      (await runPolicy(kmsKeyRotation, key({ customerMasterKeySpec: UNKNOWN, enableKeyRotation: true }))).unknown,
    ).toBeDefined();
  });

  it("applies in dev and honours waivers", async () => {
    expect((await runPolicy(kmsKeyRotation, key({}), { environment: "dev" })).violations).toHaveLength(1);
    const waived = await runPolicy(kmsKeyRotation, key({}), {
      waivers: [{ resource: "resumes-key", justification: "Short-lived test key deleted after the load test." }],
    });
    expect(waived.violations).toEqual([]);
  });
});
