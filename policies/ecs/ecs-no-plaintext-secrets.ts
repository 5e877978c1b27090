import { resourceGuardrail } from "../lib/guardrail";
import { ECS } from "../lib/resource-types";
import { asString, isRecord } from "../lib/values";
import { globToRegExp } from "../lib/glob";
import { ACCESS_KEY_ID, DEFAULT_CREDENTIAL_NAME_PATTERNS } from "./credential-patterns";
import { readContainers, unreadableMessage } from "./shared";

export { DEFAULT_CREDENTIAL_NAME_PATTERNS };

/** A 40-character base64-ish token: the shape of an AWS secret access key. */
const SECRET_KEY_SHAPE = /^[A-Za-z0-9/+]{40}$/;
/** Names that make a secret-key-shaped value suspicious on their own. */
const KEYISH_NAME = /KEY|AWS|CREDENTIAL/i;

function stringArray(value: unknown, fallback: readonly string[]): readonly string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : fallback;
}

/** A value shaped like an AWS secret access key: 40 base64 characters mixing upper case, lower case and digits. */
function looksLikeSecretKey(value: string): boolean {
  const v = value.trim();
  return SECRET_KEY_SHAPE.test(v) && /[A-Z]/.test(v) && /[a-z]/.test(v) && /[0-9]/.test(v);
}

interface EnvironmentEntry {
  readonly name: string;
  readonly value: string | undefined;
}

/** `environment` as `[{name, value}]` (the ECS shape) or, defensively, as a `{NAME: value}` map. */
function environmentEntries(environment: unknown): EnvironmentEntry[] {
  const entries: EnvironmentEntry[] = [];
  if (Array.isArray(environment)) {
    for (const item of environment) {
      if (!isRecord(item)) continue;
      const name = asString(item.name);
      if (name === undefined) continue;
      const raw = item.value;
      entries.push({ name, value: typeof raw === "string" ? raw : typeof raw === "number" ? String(raw) : undefined });
    }
  } else if (isRecord(environment)) {
    for (const [name, raw] of Object.entries(environment)) {
      entries.push({ name, value: typeof raw === "string" ? raw : undefined });
    }
  }
  return entries;
}

const REMEDY =
  'Pass it through the container\'s "secrets" with "valueFrom" (a Secrets Manager secret or SSM parameter ARN) instead.';

/** No credential in plain-text container environment variables. */
export const ecsNoPlaintextSecrets = resourceGuardrail(
  {
    name: "ecs-no-plaintext-secrets",
    description:
      "No container in an ECS task definition passes a credential as a plain-text environment variable: no variable whose name looks like a credential, and no value that looks like an AWS access key.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "ecs",
    controls: { awsFsbp: ["ECS.8"], cdkNag: ["AwsSolutions-ECS2"] },
    remediationSteps:
      "Store the value in AWS Secrets Manager or SSM Parameter Store (SecureString) and reference it from the container's `secrets: [{ name, valueFrom: <ARN> }]`; grant the execution role read access to exactly that ARN. Rotate any credential that was committed in plain text. Never use AWS access keys in tasks: the task role provides credentials.",
    configProperties: {
      credentialNamePatterns: {
        type: "array",
        items: { type: "string" },
        default: DEFAULT_CREDENTIAL_NAME_PATTERNS,
        description:
          "Environment variable names treated as credentials (`*` matches any characters; case-insensitive).",
      },
      allowedNames: {
        type: "array",
        items: { type: "string" },
        default: [],
        description:
          "Exact environment variable names that match a credential pattern but hold no secret (e.g. TOKEN_TTL_SECONDS).",
      },
    },
  },
  (args, context, report) => {
    if (args.type !== ECS.taskDefinition) return;
    const patterns = stringArray(context.config.credentialNamePatterns, DEFAULT_CREDENTIAL_NAME_PATTERNS).map((p) =>
      globToRegExp(p, true),
    );
    const allowed = new Set(stringArray(context.config.allowedNames, []).map((n) => n.toUpperCase()));
    const { containers, unreadable } = readContainers(args.props.containerDefinitions);
    if (unreadable) {
      report(unreadableMessage(unreadable, "that no container passes credentials in plain text"));
      return;
    }
    for (const { label, definition } of containers) {
      const entries = environmentEntries(definition.environment);
      const hasAccessKeyId = entries.some((e) => e.value !== undefined && ACCESS_KEY_ID.test(e.value));
      for (const { name, value } of entries) {
        if (allowed.has(name.toUpperCase())) continue;
        if (patterns.some((re) => re.test(name))) {
          report(
            `Container "${label}" sets environment variable "${name}" in plain text and its name looks like a credential. ${REMEDY}`,
          );
        } else if (value !== undefined && ACCESS_KEY_ID.test(value)) {
          report(
            `Container "${label}" environment variable "${name}": value looks like an AWS access key id. ${REMEDY} ` +
              "Use the task role instead of access keys, and deactivate the key.",
          );
        } else if (value !== undefined && looksLikeSecretKey(value) && (hasAccessKeyId || KEYISH_NAME.test(name))) {
          report(
            `Container "${label}" environment variable "${name}": value looks like an AWS secret access key. ${REMEDY} ` +
              "Use the task role instead of access keys, and deactivate the key.",
          );
        }
      }
    }
  },
);
