// Error types and classification shared by the migration tool. The CLI maps them to exit codes:
// UsageError and FatalError -> 2 (nothing or only part of the work could start), row problems -> 1.

/** Bad command-line arguments or inputs. Exit code 2, one line, no stack trace. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * A problem that affects every row (unreachable database, missing credentials, no such bucket, access denied).
 * Continuing would only produce one identical failure per row, so the run stops starting new work. Exit code 2.
 */
export class FatalError extends Error {
  override readonly name = "FatalError";
}

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: unknown;
}

function shape(err: unknown): SdkErrorShape {
  return typeof err === "object" && err !== null ? (err as SdkErrorShape) : {};
}

/** HTTP status of an AWS SDK error, if the error came from a response. */
export function httpStatusOf(err: unknown): number | undefined {
  const status = shape(err).$metadata?.httpStatusCode;
  return typeof status === "number" ? status : undefined;
}

/** The S3 error code (`SlowDown`, `AccessDenied`...) or the Node system error code (`ECONNRESET`...). */
export function errorCodeOf(err: unknown): string {
  const s = shape(err);
  if (typeof s.code === "string" && s.code !== "") return s.code;
  return typeof s.name === "string" ? s.name : "Error";
}

export function isNotFound(err: unknown): boolean {
  const code = errorCodeOf(err);
  return code === "NotFound" || code === "NoSuchKey" || httpStatusOf(err) === 404;
}

// Errors that will be the same for every object: credentials, permissions, the bucket itself, the KMS key.
const FATAL_CODES = new Set([
  "CredentialsProviderError",
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidAccessKeyId",
  "InvalidToken",
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "TokenRefreshRequired",
  "AuthorizationHeaderMalformed",
  "AccessDenied",
  "AllAccessDisabled",
  "AccountProblem",
  "NoSuchBucket",
  "PermanentRedirect",
  "InvalidBucketName",
]);

export function isFatalS3Error(err: unknown): boolean {
  const code = errorCodeOf(err);
  if (FATAL_CODES.has(code) || code.startsWith("KMS.")) return true;
  const status = httpStatusOf(err);
  // 301: the bucket lives in another region; 401/403: credentials or policy. (A HEAD on a missing key also
  // answers 403 when the caller lacks s3:ListBucket; that is a permissions problem too.)
  return status === 301 || status === 401 || status === 403;
}

/** One line describing any error: code, HTTP status when known, message. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error) && typeof err !== "object") return String(err);
  const code = errorCodeOf(err);
  const status = httpStatusOf(err);
  const raw = shape(err).message;
  // HEAD responses have no body, so the SDK's message is often just "UnknownError" or the code again.
  const message = typeof raw === "string" && raw !== "" && raw !== code && raw !== "UnknownError" ? raw : "";
  const head = status !== undefined ? `${code} (HTTP ${status})` : code;
  const text = message ? `${head}: ${message}` : head;
  return text.replace(/\s*\n\s*/g, " ");
}
