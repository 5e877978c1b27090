// Retries with exponential backoff for S3 calls. The S3 client is built with maxAttempts 1 (see s3-client.ts)
// so that this module is the only place that retries: attempts and delays are predictable and testable.
import { describeError, errorCodeOf, httpStatusOf } from "./errors";

export interface RetryPolicy {
  /** Total attempts including the first. */
  readonly maxAttempts: number;
  /** Delay before the second attempt; doubles each time. */
  readonly baseDelayMs: number;
  /** Upper bound for one delay. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 250, maxDelayMs: 20_000 };

export interface Clock {
  /** Milliseconds, monotonic enough for durations. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

// S3 and STS spellings of "slow down"; 409 ConditionalRequestConflict is documented as "retry the request".
const RETRYABLE_CODES = new Set([
  "SlowDown",
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottled",
  "RequestThrottledException",
  "RequestLimitExceeded",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "BandwidthLimitExceeded",
  "RequestTimeout",
  "RequestTimeoutException",
  "InternalError",
  "ServiceUnavailable",
  "ConditionalRequestConflict",
  "TimeoutError",
  // Node socket errors: the request may not have reached S3, or the answer was lost.
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/** Throttling, 5xx (except 501 Not Implemented) and transient network errors. */
export function isRetryable(err: unknown): boolean {
  if (RETRYABLE_CODES.has(errorCodeOf(err))) return true;
  const status = httpStatusOf(err);
  if (status === undefined) return false;
  return status === 429 || (status >= 500 && status !== 501);
}

/**
 * Delay before attempt `attempt + 1`: base * 2^(attempt-1), capped, with "equal jitter" (half fixed, half random)
 * so that many workers throttled at once do not retry in lockstep.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

export interface RetryContext {
  readonly policy: RetryPolicy;
  readonly clock: Clock;
  readonly random: () => number;
  /** Told about each retry (for the log). */
  readonly onRetry?: (info: { label: string; attempt: number; delayMs: number; error: unknown }) => void;
}

/** Runs `op` until it succeeds, fails with a non-retryable error, or runs out of attempts. */
export async function withRetry<T>(label: string, op: (attempt: number) => Promise<T>, ctx: RetryContext): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op(attempt);
    } catch (error) {
      if (attempt >= ctx.policy.maxAttempts || !isRetryable(error)) throw error;
      const delayMs = backoffDelay(attempt, ctx.policy, ctx.random);
      ctx.onRetry?.({ label, attempt, delayMs, error });
      await ctx.clock.sleep(delayMs);
    }
  }
}

/** A function that runs an operation under the retry policy; what the S3 store is given. */
export type Retrier = <T>(label: string, op: () => Promise<T>) => Promise<T>;

export function makeRetrier(ctx: RetryContext): Retrier {
  return (label, op) => withRetry(label, op, ctx);
}

/** Retries announced as routine log lines: a few are normal, many mean throttling worth knowing about. */
export function retryContext(
  options: { retryPolicy?: RetryPolicy },
  deps: { clock?: Clock; random?: () => number },
  log: (line: string) => void,
): RetryContext {
  return {
    policy: options.retryPolicy ?? DEFAULT_RETRY_POLICY,
    clock: deps.clock ?? systemClock,
    random: deps.random ?? Math.random,
    onRetry: ({ label, attempt, delayMs, error }) =>
      log(`retry: ${label} failed with ${describeError(error)}; attempt ${attempt + 1} in ${delayMs} ms`),
  };
}
