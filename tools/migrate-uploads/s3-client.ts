// The S3 client the CLI uses. Credentials come from the SDK's default chain (environment, profile, SSO, web
// identity, container or instance role): the tool never asks for, accepts or stores access keys.
import { S3Client } from "@aws-sdk/client-s3";

export interface S3ClientOptions {
  readonly region: string;
  /** An S3-compatible endpoint (a local test server); path-style addressing is used with it. */
  readonly endpointUrl?: string;
}

export function createS3Client(options: S3ClientOptions): S3Client {
  return new S3Client({
    region: options.region,
    ...(options.endpointUrl ? { endpoint: options.endpointUrl, forcePathStyle: true } : {}),
    // retry.ts owns retries (exponential backoff on throttling and 5xx, one policy, testable); SDK-level retries
    // on top would multiply attempts and hide them from the log.
    maxAttempts: 1,
    // SDK >= 3.729 adds a CRC32 checksum to every upload by default and, for streamed bodies, sends it as an
    // aws-chunked trailer that some S3-compatible servers (s3rver among them) store verbatim as part of the
    // object. We choose the checksum ourselves (SHA-256, set explicitly on each upload), so only send one when
    // asked, and only validate response checksums when a request asks for them.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}
