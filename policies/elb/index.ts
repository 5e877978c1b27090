import type { Guardrail } from "../lib/guardrail";
import { elbAccessLogs } from "./elb-access-logs";
import { elbDeletionProtection } from "./elb-deletion-protection";
import { elbDropInvalidHeaders } from "./elb-drop-invalid-headers";
import { elbHttpRedirectsToHttps } from "./elb-http-redirects-to-https";
import { elbTlsPolicy } from "./elb-tls-policy";
import { elbWafAssociated } from "./elb-waf-associated";

/** The elb guardrails, one per file in this folder. */
export const elbGuardrails: Guardrail[] = [
  elbHttpRedirectsToHttps,
  elbTlsPolicy,
  elbDropInvalidHeaders,
  elbAccessLogs,
  elbDeletionProtection,
  elbWafAssociated,
];
