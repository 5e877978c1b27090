/**
 * What a credential passed as a plain container environment variable looks like. The single source for
 * `ecs-no-plaintext-secrets` and for the program's config validation (components/ecs/credential-names.ts), so
 * the stack rejects at config time exactly what the pack would flag. No imports: the program may load this file
 * without loading the policy SDK.
 */

/** Environment variable names that look like credentials (`*` matches any run of characters; case-insensitive). */
export const DEFAULT_CREDENTIAL_NAME_PATTERNS: readonly string[] = [
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

/** An AWS access key id (long-term `AKIA…` or temporary `ASIA…`) anywhere in a value. */
export const ACCESS_KEY_ID = /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/;
