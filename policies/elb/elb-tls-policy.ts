import { resourceGuardrail } from "../lib/guardrail";
import { asString } from "../lib/values";
import { API_DEFAULT_SSL_POLICY, isListener, listenerProtocol, TLS12_PLUS_POLICIES } from "./shared";

/** HTTPS and TLS listeners negotiate TLS 1.2 or later only. */
export const elbTlsPolicy = resourceGuardrail(
  {
    name: "elb-tls-policy",
    description:
      "HTTPS and TLS load balancer listeners use a security policy that accepts only TLS 1.2 and later; a listener without sslPolicy gets the API default ELBSecurityPolicy-2016-08, which still accepts TLS 1.0.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "elb",
    controls: { awsFsbp: ["ELB.17"], checkov: ["CKV_AWS_103"] },
    remediationSteps:
      'Set `sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06"` (TLS 1.3 with TLS 1.2 fallback) or another policy from the allow-list (`allowedSslPolicies`) on every HTTPS/TLS listener.',
    configProperties: {
      allowedSslPolicies: {
        type: "array",
        items: { type: "string" },
        default: [...TLS12_PLUS_POLICIES],
        description: "Security policies accepted on HTTPS/TLS listeners (exact names). Default: every TLS 1.2+ policy.",
      },
    },
  },
  (args, context, report) => {
    if (!isListener(args.type)) return;
    const protocol = listenerProtocol(args.props);
    if (protocol !== "HTTPS" && protocol !== "TLS") return;
    const configured = context.config.allowedSslPolicies;
    const allowed = Array.isArray(configured)
      ? configured.filter((p): p is string => typeof p === "string")
      : [...TLS12_PLUS_POLICIES];
    const policy = asString(args.props.sslPolicy)?.trim();
    if (!policy) {
      report(
        `${protocol} listener "${args.name}" sets no sslPolicy: AWS applies ${API_DEFAULT_SSL_POLICY}, which accepts TLS 1.0 and 1.1. ` +
          'Set sslPolicy to a TLS 1.2+ policy such as "ELBSecurityPolicy-TLS13-1-2-2021-06".',
      );
      return;
    }
    if (!allowed.includes(policy)) {
      report(
        `${protocol} listener "${args.name}" uses sslPolicy "${policy}", which is not an allowed TLS 1.2+ policy. ` +
          'Use one such as "ELBSecurityPolicy-TLS13-1-2-2021-06".',
      );
    }
  },
);
