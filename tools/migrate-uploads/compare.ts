// Decides whether an object in the bucket holds the same bytes as a local file, from what a HEAD returns.
// Two independent pieces of evidence: the SHA-256 we store as user metadata (x-amz-meta-sha256, survives on any
// S3-compatible server), and the checksum S3 itself computed and validated on upload (x-amz-checksum-sha256,
// returned by HEAD with ChecksumMode=ENABLED on AWS). Any mismatch wins over any match.
import type { Encryption } from "./target";
import type { LocalFile } from "./local-file";

/** What a HEAD tells us about an object. */
export interface RemoteObject {
  readonly size: number;
  /** x-amz-meta-sha256, written by this tool. */
  readonly metadataSha256?: string;
  /** x-amz-checksum-sha256: full-object, or `base64-N` for a multipart upload. */
  readonly checksumSha256?: string;
  /** x-amz-server-side-encryption: "aws:kms" or "AES256". */
  readonly serverSideEncryption?: string;
  /** x-amz-server-side-encryption-aws-kms-key-id (a key ARN). */
  readonly kmsKeyId?: string;
}

export type Verdict = { readonly same: true } | { readonly same: false; readonly reason: string } | "unknown";

/** Compares size and every checksum the HEAD returned with the local file. "unknown": nothing to compare. */
export function compareWithLocal(remote: RemoteObject, local: LocalFile): Verdict {
  if (remote.size !== local.size) {
    return { same: false, reason: `object is ${remote.size} bytes, local file ${local.size}` };
  }
  let matched = false;
  if (remote.metadataSha256 !== undefined) {
    if (remote.metadataSha256 !== local.sha256) {
      return { same: false, reason: `object sha256 ${remote.metadataSha256}, local ${local.sha256}` };
    }
    matched = true;
  }
  if (remote.checksumSha256 !== undefined) {
    const composite = /-(\d+)$/.exec(remote.checksumSha256);
    if (!composite) {
      if (remote.checksumSha256 !== local.sha256) {
        return { same: false, reason: `S3 checksum ${remote.checksumSha256}, local ${local.sha256}` };
      }
      matched = true;
    } else if (Number(composite[1]) === Number(/-(\d+)$/.exec(local.compositeSha256)?.[1])) {
      // Same part count: the object was uploaded with our part size and the composite values are comparable.
      if (remote.checksumSha256 !== local.compositeSha256) {
        return { same: false, reason: `S3 checksum ${remote.checksumSha256}, local ${local.compositeSha256}` };
      }
      matched = true;
    }
    // A composite from another part size cannot be compared without re-hashing at that size: no evidence.
  }
  return matched ? { same: true } : "unknown";
}

/**
 * Checks an object this run has just uploaded. Stricter than compareWithLocal: our metadata must be there
 * (it was sent with the object), and the encryption must be what the stack requires when the server reports it.
 */
export function verifyUploaded(remote: RemoteObject | undefined, local: LocalFile, encryption: Encryption): string[] {
  if (!remote) return ["object not found after upload"];
  const problems: string[] = [];
  const verdict = compareWithLocal(remote, local);
  if (verdict !== "unknown" && !verdict.same) problems.push(verdict.reason);
  if (remote.metadataSha256 === undefined) problems.push("object has no sha256 metadata");
  if (remote.serverSideEncryption !== undefined && remote.serverSideEncryption !== encryption.mode) {
    problems.push(`object encrypted with ${remote.serverSideEncryption}, expected ${encryption.mode}`);
  }
  if (
    encryption.mode === "aws:kms" &&
    remote.kmsKeyId !== undefined &&
    isKeyArn(encryption.kmsKeyArn) &&
    remote.kmsKeyId !== encryption.kmsKeyArn
  ) {
    problems.push(`object encrypted with key ${remote.kmsKeyId}, expected ${encryption.kmsKeyArn}`);
  }
  return problems;
}

// S3 reports the key ARN; an alias ARN or bare key id given by the operator cannot be compared with it offline.
function isKeyArn(value: string): boolean {
  return /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\//.test(value);
}
