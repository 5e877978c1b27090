/**
 * What a credential passed as a plain container environment variable looks like. Config validation rejects these
 * (pointing to `secrets`), FargateService refuses them, and the policy pack's `ecs-no-plaintext-secrets` uses the
 * same patterns (imported from the pack), so the three agree on what counts as a credential.
 */
import { ACCESS_KEY_ID, DEFAULT_CREDENTIAL_NAME_PATTERNS } from "../../policies/ecs/credential-patterns";
import { globToRegExp } from "../../policies/lib/glob";

/** Environment variable names that look like credentials (`*` matches any run of characters; case-insensitive). */
export const CREDENTIAL_NAME_PATTERNS: readonly string[] = DEFAULT_CREDENTIAL_NAME_PATTERNS;

const PATTERNS = CREDENTIAL_NAME_PATTERNS.map((pattern) => ({ pattern, re: globToRegExp(pattern, true) }));

/** The first credential pattern the name matches (e.g. `*PASSWORD*` for `DB_PASSWORD`), or undefined. */
export function credentialNamePattern(name: string): string | undefined {
  return PATTERNS.find(({ re }) => re.test(name))?.pattern;
}

/** An AWS access key id (`AKIA…` long-term, `ASIA…` temporary) anywhere in the value. */
export function looksLikeAccessKeyId(value: string): boolean {
  return ACCESS_KEY_ID.test(value);
}
