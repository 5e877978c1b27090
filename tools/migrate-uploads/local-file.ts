// Reads a local resume once: size, SHA-256 of the whole file, and the S3 "composite" SHA-256 that a multipart
// upload with our part size will report, so a HEAD can be checked against what left this machine.
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";

export interface LocalFile {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** Base64 SHA-256 of the whole file (what S3 reports for a single PUT, and what we store as metadata). */
  readonly sha256: string;
  /** `base64(sha256(part digests))-N` for `partSize` parts: what S3 reports for our multipart uploads. */
  readonly compositeSha256: string;
  /** True when the file is larger than one part and goes up as a multipart upload. */
  readonly multipart: boolean;
  /** The exact bytes that were hashed, for single-PUT files (so what is sent is what was hashed). */
  readonly body?: Buffer;
}

/** The local file is absent, unreadable or not a regular file. The row is reported as missing. */
export class LocalFileError extends Error {
  override readonly name = "LocalFileError";
  constructor(
    message: string,
    /**
     * "absent": no such file; "unreadable": exists but cannot be read as a regular file; "changed": it was being
     * written to while we read or uploaded it.
     */
    readonly reason: "absent" | "unreadable" | "changed" = "unreadable",
  ) {
    super(message);
  }
}

/**
 * Stats and hashes `filePath`. If it does not exist, the Unicode-normalised variants of the name are tried too:
 * macOS writes names decomposed (NFD) while the app's rows are usually composed (NFC).
 */
export async function readLocalFile(filePath: string, partSize: number): Promise<LocalFile> {
  const candidates = [...new Set([filePath, filePath.normalize("NFC"), filePath.normalize("NFD")])];
  let lastError: unknown;
  for (const candidate of candidates) {
    try {
      return await hashFile(candidate, partSize);
    } catch (err) {
      lastError = err;
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") break;
    }
  }
  throw asLocalFileError(filePath, lastError);
}

function asLocalFileError(filePath: string, err: unknown): LocalFileError {
  if (err instanceof LocalFileError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return new LocalFileError(`local file not found: ${filePath}`, "absent");
  if (code === "EACCES" || code === "EPERM") return new LocalFileError(`local file not readable: ${filePath}`);
  return new LocalFileError(`cannot read local file ${filePath}: ${(err as Error).message}`);
}

async function hashFile(filePath: string, partSize: number): Promise<LocalFile> {
  // One open for stat and read: the file cannot be swapped between the two.
  const handle = await fs.open(filePath, "r");
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new LocalFileError(`not a regular file: ${filePath}`);
    const digests = stat.size > partSize ? await hashParts(handle, partSize) : await hashWhole(handle);
    if (digests.size !== stat.size)
      throw new LocalFileError(`local file changed while being read: ${filePath}`, "changed");
    return { path: filePath, mtimeMs: stat.mtimeMs, ...digests };
  } finally {
    await handle.close();
  }
}

type Digests = Omit<LocalFile, "path" | "mtimeMs">;

/** A single-PUT file: read whole (it is sent from this very buffer), hashed once; its one "part" is the file. */
async function hashWhole(handle: fs.FileHandle): Promise<Digests> {
  const body = await handle.readFile();
  const digest = createHash("sha256").update(body).digest();
  return {
    size: body.length,
    sha256: digest.toString("base64"),
    compositeSha256: `${createHash("sha256").update(digest).digest("base64")}-1`,
    multipart: false,
    body,
  };
}

/** A multipart file: streamed, hashed whole and per part, split exactly where lib-storage will split it. */
async function hashParts(handle: fs.FileHandle, partSize: number): Promise<Digests> {
  const whole = createHash("sha256");
  const partDigests: Buffer[] = [];
  let part = createHash("sha256");
  let inPart = 0;
  let size = 0;
  for await (const data of handle.createReadStream({ highWaterMark: 1024 * 1024, autoClose: false })) {
    const chunk = data as Buffer;
    size += chunk.length;
    whole.update(chunk);
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(partSize - inPart, chunk.length - offset);
      part.update(chunk.subarray(offset, offset + take));
      inPart += take;
      offset += take;
      if (inPart === partSize) {
        partDigests.push(part.digest());
        part = createHash("sha256");
        inPart = 0;
      }
    }
  }
  if (inPart > 0 || partDigests.length === 0) partDigests.push(part.digest());
  const composite = createHash("sha256").update(Buffer.concat(partDigests)).digest("base64");
  return {
    size,
    sha256: whole.digest("base64"),
    compositeSha256: `${composite}-${partDigests.length}`,
    multipart: true,
  };
}

/** Throws if the file's size or modification time moved since it was hashed (it changed during the upload). */
export async function assertUnchanged(file: LocalFile): Promise<void> {
  const stat = await fs.stat(file.path).catch((err: unknown) => {
    throw asLocalFileError(file.path, err);
  });
  if (stat.size !== file.size || stat.mtimeMs !== file.mtimeMs) {
    throw new LocalFileError(`local file changed during the upload: ${file.path}`, "changed");
  }
}

/** SHA-256 (base64) of a byte stream, for objects whose checksum can only be learned by reading them. */
export async function sha256OfStream(stream: AsyncIterable<Uint8Array>): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest("base64"), size };
}
