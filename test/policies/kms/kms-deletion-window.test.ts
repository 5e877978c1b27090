import { describe, expect, it } from "vitest";
import { kmsDeletionWindow } from "../../../policies/kms/kms-deletion-window";
import { KMS } from "../../../policies/lib/resource-types";
import { runPolicy, UNKNOWN } from "../../helpers/policy-harness";

const key = (deletionWindowInDays: unknown, type: string = KMS.key) => ({
  type,
  name: "resumes-key",
  props: deletionWindowInDays === undefined ? { enableKeyRotation: true } : { deletionWindowInDays },
});

describe("kms-deletion-window", () => {
  it("passes an absent window (AWS default 30) in prod and dev", async () => {
    expect((await runPolicy(kmsDeletionWindow, key(undefined))).violations).toEqual([]);
    expect((await runPolicy(kmsDeletionWindow, key(undefined), { environment: "dev" })).violations).toEqual([]);
  });

  it("requires 30 days in prod by default (the strict reading when no environment is given)", async () => {
    expect((await runPolicy(kmsDeletionWindow, key(30))).violations).toEqual([]);
    const run = await runPolicy(kmsDeletionWindow, key(7));
    expect(run.violations.map((v) => v.message)).toEqual([
      'KMS key "resumes-key" has a deletion window of 7 days; the minimum in prod is 30 days.',
    ]);
    expect((await runPolicy(kmsDeletionWindow, key(29), { environment: "prod" })).violations).toHaveLength(1);
  });

  it("requires 7 days in dev", async () => {
    expect((await runPolicy(kmsDeletionWindow, key(7), { environment: "dev" })).violations).toEqual([]);
    const run = await runPolicy(kmsDeletionWindow, key(5), { environment: "dev" });
    expect(run.violations.map((v) => v.message)).toEqual([
      'KMS key "resumes-key" has a deletion window of 5 days; the minimum in dev is 7 days.',
    ]);
  });

  it("has a knob for the prod minimum", async () => {
    expect((await runPolicy(kmsDeletionWindow, key(14), { prodMinimumDays: 14 })).violations).toEqual([]);
    expect((await runPolicy(kmsDeletionWindow, key(13), { prodMinimumDays: 14 })).violations[0].message).toMatch(
      /minimum in prod is 14 days/,
    );
  });

  it("covers replica and external keys; reads numeric strings; flags non-numbers", async () => {
    expect((await runPolicy(kmsDeletionWindow, key(7, KMS.replicaKey))).violations).toHaveLength(1);
    expect((await runPolicy(kmsDeletionWindow, key(7, "aws:kms/externalKey:ExternalKey"))).violations).toHaveLength(1);
    expect((await runPolicy(kmsDeletionWindow, key("30"))).violations).toEqual([]);
    const odd = await runPolicy(kmsDeletionWindow, key({ days: 30 }));
    expect(odd.violations[0].message).toBe(
      'KMS key "resumes-key" has deletionWindowInDays {"days":30}, which is not a number of days.',
    );
    expect(
      (await runPolicy(kmsDeletionWindow, { type: KMS.keyPolicy, props: { deletionWindowInDays: 1 } })).violations,
    ).toEqual([]);
  });

  it("does not decide on unknown values", async () => {
    expect((await runPolicy(kmsDeletionWindow, key(UNKNOWN))).unknown).toBeDefined();
  });

  it("honours waivers", async () => {
    const waived = await runPolicy(kmsDeletionWindow, key(7), {
      waivers: [{ resource: "resumes-*", justification: "Staging copy of prod keys, data is synthetic; SEC-12." }],
    });
    expect(waived.violations).toEqual([]);
  });
});
