/**
 * Reads a `Pulumi.<stack>.yaml` file into the raw config map the Pulumi runtime hands a program
 * (`namespace:key` → string, objects and lists as JSON text), as the CLI does. `secure:` values cannot be decrypted
 * without the stack's secrets provider: they become `[secret]` placeholders and are listed as secret keys.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";

export interface StackFileConfig {
  /** `namespace:key` → string value. */
  readonly config: Record<string, string>;
  /** Keys whose values were `secure:` in the file. */
  readonly secretKeys: string[];
}

export class StackFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackFileError";
  }
}

function isSecure(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    "secure" in value
  );
}

/** Replaces nested `secure:` values with a placeholder; returns whether any was found. */
function maskSecure(value: unknown): { value: unknown; secret: boolean } {
  if (isSecure(value)) return { value: "[secret]", secret: true };
  if (Array.isArray(value)) {
    const items = value.map(maskSecure);
    return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
  }
  if (typeof value === "object" && value !== null) {
    let secret = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const masked = maskSecure(v);
      out[k] = masked.value;
      secret ||= masked.secret;
    }
    return { value: out, secret };
  }
  return { value, secret: false };
}

export function parseStackFile(text: string, source = "stack file"): StackFileConfig {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new StackFileError(`${source} is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  if (doc === null || doc === undefined) return { config: {}, secretKeys: [] };
  if (typeof doc !== "object" || Array.isArray(doc))
    throw new StackFileError(`${source} must be a YAML mapping with a config: section`);
  const section = (doc as Record<string, unknown>).config ?? {};
  if (typeof section !== "object" || section === null || Array.isArray(section)) {
    throw new StackFileError(`${source}: config: must be a mapping of namespace:key to values`);
  }
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, raw] of Object.entries(section)) {
    if (!key.includes(":"))
      throw new StackFileError(`${source}: config key "${key}" must be namespaced, like starscreen:${key}`);
    const { value, secret } = maskSecure(raw);
    if (secret) secretKeys.push(key);
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return { config, secretKeys };
}

export function readStackFile(path: string): StackFileConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new StackFileError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseStackFile(text, path);
}
