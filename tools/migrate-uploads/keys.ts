// How a candidates.file_path maps to a local file, an object key and the s3:// URI the app reads.
// The app kept every resume flat in uploads/ and the seed guide names objects resumes/<file name>, so the file
// name (last path segment) is what identifies a resume; whatever directory the row recorded is not used.
import * as path from "node:path";

export const S3_SCHEME = "s3://";

export function isS3Uri(filePath: string): boolean {
  return filePath.startsWith(S3_SCHEME);
}

/** Last segment of a path written by the app (POSIX or Windows separators), or undefined if there is none. */
export function fileNameOf(filePath: string): string | undefined {
  const name = filePath.replace(/\\/g, "/").split("/").pop() ?? "";
  if (name.trim() === "" || name === "." || name === "..") return undefined;
  return name;
}

/** S3 limits keys to 1,024 bytes of UTF-8. */
export const MAX_KEY_BYTES = 1024;

export function objectKeyFor(fileName: string, prefix: string): string {
  return `${prefix}${fileName}`;
}

/**
 * The URI stored in candidates.file_path. Written raw (not percent-encoded), as the seed's own script and the app
 * do, so a file name with spaces or accents round-trips unchanged.
 */
export function s3UriFor(bucket: string, key: string): string {
  return `${S3_SCHEME}${bucket}/${key}`;
}

export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  return match ? { bucket: match[1], key: match[2] } : undefined;
}

export function localPathFor(uploadsDir: string, fileName: string): string {
  return path.join(uploadsDir, fileName);
}

/** Length as PostgreSQL counts it for VARCHAR(n): characters (code points), not UTF-16 units or bytes. */
export function characterLength(text: string): number {
  return [...text].length;
}

/** Prefix as given, normalised to end in "/" (or empty for the bucket root). */
export function normalisePrefix(prefix: string): string {
  if (prefix === "") return "";
  return prefix.endsWith("/") ? prefix : `${prefix}/`;
}
