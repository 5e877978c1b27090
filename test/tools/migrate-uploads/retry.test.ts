import { S3ServiceException } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { describeError, isFatalS3Error } from "../../../tools/migrate-uploads/errors";
import { forEachBounded } from "../../../tools/migrate-uploads/pool";
import { backoffDelay, isRetryable, withRetry, type Clock } from "../../../tools/migrate-uploads/retry";

function s3Error(name: string, status: number, message = ""): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status },
    message,
  });
}

function fakeClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, now: () => 0, sleep: async (ms) => void sleeps.push(ms) };
}

const POLICY = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 };

describe("isRetryable", () => {
  it.each([
    ["SlowDown", 503],
    ["ServiceUnavailable", 503],
    ["InternalError", 500],
    ["Whatever", 502],
    ["TooManyRequestsException", 429],
    ["Throttling", 400],
    ["RequestTimeout", 400],
  ])("retries %s (%i)", (name, status) => {
    expect(isRetryable(s3Error(name, status))).toBe(true);
  });

  it.each([
    ["AccessDenied", 403],
    ["NotFound", 404],
    ["PreconditionFailed", 412],
    ["BadDigest", 400],
    ["NotImplemented", 501],
  ])("does not retry %s (%i)", (name, status) => {
    expect(isRetryable(s3Error(name, status))).toBe(false);
  });

  it("retries socket errors", () => {
    expect(isRetryable(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBe(true);
    expect(isRetryable(new Error("plain"))).toBe(false);
  });
});

describe("withRetry", () => {
  it("backs off exponentially on throttling and then succeeds", async () => {
    const clock = fakeClock();
    const seen: number[] = [];
    let calls = 0;
    const result = await withRetry(
      "PUT k",
      async () => {
        calls++;
        if (calls < 4) throw s3Error("SlowDown", 503);
        return "done";
      },
      { policy: POLICY, clock, random: () => 1, onRetry: ({ attempt }) => seen.push(attempt) },
    );
    expect(result).toBe("done");
    expect(calls).toBe(4);
    expect(clock.sleeps).toEqual([100, 200, 400]);
    expect(seen).toEqual([1, 2, 3]);
  });

  it("gives up after maxAttempts with the last error", async () => {
    const clock = fakeClock();
    let calls = 0;
    const run = withRetry(
      "PUT k",
      async () => {
        calls++;
        throw s3Error("InternalError", 500, `attempt ${calls}`);
      },
      { policy: POLICY, clock, random: () => 0.5 },
    );
    await expect(run).rejects.toThrow("attempt 4");
    expect(calls).toBe(4);
    expect(clock.sleeps).toHaveLength(3);
  });

  it("does not retry a client error", async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(
      withRetry(
        "PUT k",
        async () => {
          calls++;
          throw s3Error("AccessDenied", 403);
        },
        { policy: POLICY, clock, random: Math.random },
      ),
    ).rejects.toThrow();
    expect(calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });
});

describe("backoffDelay", () => {
  it("doubles, caps, and keeps at least half the delay whatever the jitter", () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, POLICY, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect([1, 2, 3].map((a) => backoffDelay(a, POLICY, () => 0))).toEqual([50, 100, 200]);
  });
});

describe("error classification", () => {
  it("treats credential, permission and bucket errors as fatal, throttling as not", () => {
    expect(isFatalS3Error(s3Error("AccessDenied", 403))).toBe(true);
    expect(isFatalS3Error(s3Error("NoSuchBucket", 404))).toBe(true);
    expect(
      isFatalS3Error(Object.assign(new Error("Could not load credentials"), { name: "CredentialsProviderError" })),
    ).toBe(true);
    expect(isFatalS3Error(s3Error("KMS.DisabledException", 400))).toBe(true);
    expect(isFatalS3Error(s3Error("SlowDown", 503))).toBe(false);
    expect(isFatalS3Error(s3Error("NotFound", 404))).toBe(false);
  });

  it("describes errors on one line with the status", () => {
    expect(describeError(s3Error("SlowDown", 503, "Please reduce\nyour request rate."))).toBe(
      "SlowDown (HTTP 503): Please reduce your request rate.",
    );
    expect(describeError(s3Error("Forbidden", 403, "UnknownError"))).toBe("Forbidden (HTTP 403)");
  });
});

describe("forEachBounded", () => {
  it("never runs more than the limit at once and runs everything", async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    await forEachBounded(
      Array.from({ length: 20 }, (_, i) => i),
      3,
      async (i) => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
        done.push(i);
      },
    );
    expect(peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("stops starting work after a failure, lets work in flight finish, and rethrows", async () => {
    const started: number[] = [];
    let finished = 0;
    const run = forEachBounded([0, 1, 2, 3, 4, 5], 2, async (i) => {
      started.push(i);
      if (i === 1) throw new Error("fatal");
      await new Promise((r) => setTimeout(r, 5));
      finished++;
    });
    await expect(run).rejects.toThrow("fatal");
    expect(started).toEqual([0, 1]);
    expect(finished).toBe(1);
  });

  it("stops when asked", async () => {
    let count = 0;
    await forEachBounded(
      [1, 2, 3, 4],
      1,
      async () => void count++,
      () => count >= 2,
    );
    expect(count).toBe(2);
  });
});
