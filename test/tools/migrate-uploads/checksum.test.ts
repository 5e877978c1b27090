import { createHash } from "node:crypto";
import { chmodSync, promises as fs } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compareWithLocal, verifyUploaded } from "../../../tools/migrate-uploads/compare";
import { fileNameOf, parseS3Uri, s3UriFor } from "../../../tools/migrate-uploads/keys";
import { assertUnchanged, LocalFileError, readLocalFile } from "../../../tools/migrate-uploads/local-file";
import { bytes, removeTempDirs, tempDir } from "./fixtures";

afterAll(removeTempDirs);

const PART = 5 * 1024 * 1024;
const sha = (b: Buffer) => createHash("sha256").update(b).digest();

async function fileWith(content: Buffer, name = "f.pdf"): Promise<string> {
  const file = path.join(tempDir("local-"), name);
  await fs.writeFile(file, content);
  return file;
}

describe("readLocalFile", () => {
  it("hashes a small file and keeps the exact bytes for a single PUT", async () => {
    const content = bytes(300_000, "small");
    const local = await readLocalFile(await fileWith(content), PART);
    expect(local.size).toBe(300_000);
    expect(local.sha256).toBe(sha(content).toString("base64"));
    expect(local.multipart).toBe(false);
    expect(local.body?.equals(content)).toBe(true);
    expect(local.compositeSha256).toBe(`${sha(sha(content)).toString("base64")}-1`);
  });

  it("computes the S3 composite checksum of a multipart upload with our part size", async () => {
    const content = bytes(2 * PART + 12345, "large");
    const local = await readLocalFile(await fileWith(content), PART);
    const parts = [content.subarray(0, PART), content.subarray(PART, 2 * PART), content.subarray(2 * PART)].map(sha);
    expect(local.multipart).toBe(true);
    expect(local.body).toBeUndefined();
    expect(local.sha256).toBe(sha(content).toString("base64"));
    expect(local.compositeSha256).toBe(`${sha(Buffer.concat(parts)).toString("base64")}-3`);
  });

  it("reports missing, unreadable and non-regular files", async () => {
    const dir = tempDir("local-");
    await expect(readLocalFile(path.join(dir, "nope.pdf"), PART)).rejects.toMatchObject({ reason: "absent" });
    await expect(readLocalFile(dir, PART)).rejects.toThrow(/not a regular file/);
    if (process.getuid?.() !== 0) {
      const file = await fileWith(Buffer.from("x"));
      chmodSync(file, 0o000);
      await expect(readLocalFile(file, PART)).rejects.toMatchObject({ reason: "unreadable" });
    }
  });

  it("notices a file that changed after it was hashed", async () => {
    const file = await fileWith(bytes(1000, "v1"));
    const local = await readLocalFile(file, PART);
    await expect(assertUnchanged(local)).resolves.toBeUndefined();
    await fs.appendFile(file, "more");
    await expect(assertUnchanged(local)).rejects.toMatchObject({ reason: "changed" });
  });

  it("finds a file whose name is stored decomposed (NFD) when the row has it composed (NFC)", async () => {
    const nfd = "re\u0301sume\u0301.pdf";
    const file = await fileWith(Buffer.from("cv"), nfd);
    const local = await readLocalFile(path.join(path.dirname(file), nfd.normalize("NFC")), PART);
    expect(local.size).toBe(2);
    await expect(readLocalFile(path.join(path.dirname(file), "other.pdf"), PART)).rejects.toBeInstanceOf(
      LocalFileError,
    );
  });
});

describe("compareWithLocal", () => {
  const content = bytes(1000, "cmp");
  const local = {
    path: "/x",
    size: 1000,
    mtimeMs: 0,
    sha256: sha(content).toString("base64"),
    compositeSha256: `${sha(sha(content)).toString("base64")}-1`,
    multipart: false,
  };
  const other = sha(Buffer.from("other")).toString("base64");

  it("matches on our metadata or on S3's checksum", () => {
    expect(compareWithLocal({ size: 1000, metadataSha256: local.sha256 }, local)).toEqual({ same: true });
    expect(compareWithLocal({ size: 1000, checksumSha256: local.sha256 }, local)).toEqual({ same: true });
    expect(compareWithLocal({ size: 1000, checksumSha256: local.compositeSha256 }, local)).toEqual({ same: true });
  });

  it("lets any mismatch win", () => {
    expect(compareWithLocal({ size: 999, metadataSha256: local.sha256 }, local)).toMatchObject({ same: false });
    expect(compareWithLocal({ size: 1000, metadataSha256: other }, local)).toMatchObject({ same: false });
    expect(compareWithLocal({ size: 1000, metadataSha256: local.sha256, checksumSha256: other }, local)).toMatchObject({
      same: false,
    });
  });

  it("is unknown when there is nothing comparable", () => {
    expect(compareWithLocal({ size: 1000 }, local)).toBe("unknown");
    // A composite from another part size (4 parts vs our 1) says nothing about equality.
    expect(compareWithLocal({ size: 1000, checksumSha256: `${other}-4` }, local)).toBe("unknown");
  });

  it("verifies an upload: metadata present, encryption as required", () => {
    const kms = { mode: "aws:kms", kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/k1" } as const;
    expect(verifyUploaded({ size: 1000, metadataSha256: local.sha256 }, local, kms)).toEqual([]);
    expect(verifyUploaded(undefined, local, kms)).toEqual(["object not found after upload"]);
    expect(verifyUploaded({ size: 1000 }, local, kms)).toEqual(["object has no sha256 metadata"]);
    expect(
      verifyUploaded({ size: 1000, metadataSha256: local.sha256, serverSideEncryption: "AES256" }, local, kms),
    ).toEqual(["object encrypted with AES256, expected aws:kms"]);
    expect(
      verifyUploaded(
        {
          size: 1000,
          metadataSha256: local.sha256,
          serverSideEncryption: "aws:kms",
          kmsKeyId: "arn:aws:kms:us-east-1:111122223333:key/k2",
        },
        local,
        kms,
      ),
    ).toEqual(["object encrypted with key arn:aws:kms:us-east-1:111122223333:key/k2, expected " + kms.kmsKeyArn]);
  });
});

describe("keys", () => {
  it("maps app paths to file names and URIs", () => {
    expect(fileNameOf("uploads/cv 1.pdf")).toBe("cv 1.pdf");
    expect(fileNameOf("C:\\app\\uploads\\Zoë.pdf")).toBe("Zoë.pdf");
    expect(fileNameOf("uploads/")).toBeUndefined();
    expect(fileNameOf("..")).toBeUndefined();
    expect(s3UriFor("b", "resumes/cv 1.pdf")).toBe("s3://b/resumes/cv 1.pdf");
    expect(parseS3Uri("s3://b/resumes/cv 1.pdf")).toEqual({ bucket: "b", key: "resumes/cv 1.pdf" });
    expect(parseS3Uri("s3://b/")).toBeUndefined();
  });
});
