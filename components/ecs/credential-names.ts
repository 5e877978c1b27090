/**
 * What a credential passed as a plain container environment variable looks like. Config validation rejects these
 * (pointing to `secrets`), FargateService refuses them, and the policy pack's `ecs-no-plaintext-secrets` uses the
 * same patterns, so the three agree on what counts as a credential.
 */

/** Environment variable names that look like credentials (`*` matches any run of characters; case-insensitive). */
export const CREDENTIAL_NAME_PATTERNS: readonly string[] = [
  "*SECRET*",
  "*PASSWORD*",
  "*PASSWD*",
  "*TOKEN*",
  "*API_KEY*",
  "*APIKEY*",
  "*PRIVATE_KEY*",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "ECS_ENGINE_AUTH_DATA",
];

const PATTERNS = CREDENTIAL_NAME_PATTERNS.map((pattern) => ({
  pattern,
  re: new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i"),
}));

/** The first credential pattern the name matches (e.g. `*PASSWORD*` for `DB_PASSWORD`), or undefined. */
export function credentialNamePattern(name: string): string | undefined {
  return PATTERNS.find(({ re }) => re.test(name))?.pattern;
}

/** An AWS access key id (`AKIA…` long-term, `ASIA…` temporary) anywhere in the value. */
export function looksLikeAccessKeyId(value: string): boolean {
  return /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/.test(value);
}
