// The three S3 operations the migration needs (HEAD, upload, read back), each behind the retry policy.
import { createReadStream } from "node:fs";
import * as path from "node:path";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { RemoteObject } from "./compare";
import { errorCodeOf, httpStatusOf, isNotFound } from "./errors";
import { sha256OfStream, type LocalFile } from "./local-file";
import type { Retrier } from "./retry";
import type { Encryption } from "./target";

/** Part size for multipart uploads; files larger than one part go multipart. S3's minimum is 5 MiB. */
export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
/** Parts of one file in flight at once (lib-storage's queueSize). */
const PARTS_IN_FLIGHT = 4;

/** User metadata key holding the base64 SHA-256 of the whole object (sent as x-amz-meta-sha256). */
export const SHA256_METADATA = "sha256";

const CREDENTIAL_ERRORS = new Set([
  "ExpiredToken",
  "InvalidAccessKeyId",
  "InvalidToken",
  "SignatureDoesNotMatch",
  "TokenRefreshRequired",
]);

export type UploadOutcome = "uploaded" | "already-exists";

const CONTENT_TYPES: Record<string, string> = {
  ".pdf": "application/pdf",
  ".doc": "application/msword",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".odt": "application/vnd.oasis.opendocument.text",
  ".rtf": "application/rtf",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".html": "text/html; charset=utf-8",
};

export function contentTypeFor(fileName: string): string {
  return CONTENT_TYPES[path.extname(fileName).toLowerCase()] ?? "application/octet-stream";
}

/** Request parameters that make S3 encrypt the object the way the stack's bucket policy demands. */
export function encryptionParams(
  encryption: Encryption,
): { ServerSideEncryption: "aws:kms"; SSEKMSKeyId: string } | { ServerSideEncryption: "AES256" } {
  return encryption.mode === "aws:kms"
    ? { ServerSideEncryption: "aws:kms", SSEKMSKeyId: encryption.kmsKeyArn }
    : { ServerSideEncryption: "AES256" };
}

export class ObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly retry: Retrier,
    private readonly partSize: number = DEFAULT_PART_SIZE,
  ) {}

  /** The object's size, checksums and encryption, or undefined if there is no such object. */
  async head(bucket: string, key: string): Promise<RemoteObject | undefined> {
    try {
      const out = await this.retry(`HEAD ${key}`, () =>
        // ChecksumMode=ENABLED makes AWS return the checksum it validated on upload.
        this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: "ENABLED" })),
      );
      return {
        size: out.ContentLength ?? -1,
        metadataSha256: out.Metadata?.[SHA256_METADATA],
        checksumSha256: out.ChecksumSHA256,
        serverSideEncryption: out.ServerSideEncryption,
        kmsKeyId: out.SSEKMSKeyId,
      };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * Like head(), for the check before an upload. A bare 403 is returned as "forbidden" instead of thrown: that is
   * what S3 answers for a missing key when the caller may read objects but lacks s3:ListBucket, as the app's own
   * roles do. The upload that follows is conditional (If-None-Match), so an object we could not see is still
   * never overwritten; a caller that truly lacks access fails on that upload instead.
   */
  async lookup(bucket: string, key: string): Promise<RemoteObject | "absent" | "forbidden"> {
    try {
      return (await this.head(bucket, key)) ?? "absent";
    } catch (err) {
      // A HEAD response has no body, so the SDK names a 403 "Unknown" or "Forbidden"; a named credentials error
      // (expired token, bad key) is not a missing object.
      if (httpStatusOf(err) === 403 && !CREDENTIAL_ERRORS.has(errorCodeOf(err))) return "forbidden";
      throw err;
    }
  }

  /**
   * Uploads `local` to `key`, never over an existing object: `If-None-Match: *` makes S3 refuse (412) if the key
   * appeared since our HEAD (another run, the app). Small files go in one PUT whose body is the very buffer that was
   * hashed, with that SHA-256 as x-amz-checksum-sha256 so S3 rejects any corruption in transit. Larger files are
   * streamed as a multipart upload; the SDK computes and S3 validates a SHA-256 per part.
   */
  async upload(bucket: string, key: string, local: LocalFile, encryption: Encryption): Promise<UploadOutcome> {
    const common = {
      Bucket: bucket,
      Key: key,
      ContentType: contentTypeFor(key),
      Metadata: { [SHA256_METADATA]: local.sha256 },
      IfNoneMatch: "*",
      ...encryptionParams(encryption),
    };
    try {
      if (!local.multipart && local.body) {
        const body = local.body;
        await this.retry(`PUT ${key}`, () =>
          this.client.send(
            new PutObjectCommand({ ...common, Body: body, ContentLength: local.size, ChecksumSHA256: local.sha256 }),
          ),
        );
      } else {
        await this.retry(`multipart upload ${key}`, () =>
          new Upload({
            client: this.client,
            partSize: this.partSize,
            queueSize: PARTS_IN_FLIGHT,
            // Abort the multipart upload on failure; the bucket's lifecycle rule also cleans up stragglers.
            leavePartsOnError: false,
            params: {
              ...common,
              Body: createReadStream(local.path),
              ContentLength: local.size,
              ChecksumAlgorithm: "SHA256",
            },
          }).done(),
        );
      }
      return "uploaded";
    } catch (err) {
      if (errorCodeOf(err) === "PreconditionFailed" || httpStatusOf(err) === 412) return "already-exists";
      throw err;
    }
  }

  /** Reads an object back and hashes it: for objects without our metadata (uploaded by something else). */
  async sha256Of(bucket: string, key: string): Promise<{ sha256: string; size: number }> {
    return this.retry(`GET ${key}`, async () => {
      const out = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const body = out.Body as unknown as AsyncIterable<Uint8Array> | undefined;
      if (!body || typeof body[Symbol.asyncIterator] !== "function") throw new Error(`GET ${key} returned no body`);
      return sha256OfStream(body);
    });
  }
}
