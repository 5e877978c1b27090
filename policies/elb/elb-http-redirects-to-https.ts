import { resourceGuardrail } from "../lib/guardrail";
import { asArray, asNumber, asString, firstBlock, isRecord } from "../lib/values";
import { isListener, listenerProtocol } from "./shared";

function actionType(action: unknown): string | undefined {
  return isRecord(action) ? asString(action.type)?.trim().toLowerCase() : undefined;
}

/** HTTP listeners only redirect to HTTPS; they never serve content over plain HTTP. */
export const elbHttpRedirectsToHttps = resourceGuardrail(
  {
    name: "elb-http-redirects-to-https",
    description:
      'Load balancer listeners with protocol HTTP have a default action of type "redirect" to protocol HTTPS, so no request is served over plain HTTP.',
    enforcementLevel: "mandatory",
    severity: "high",
    service: "elb",
    controls: { awsFsbp: ["ELB.1"], checkov: ["CKV_AWS_2"] },
    remediationSteps:
      'Serve the application from an HTTPS listener and make the HTTP listener\'s default action `{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }`. A stack without a certificate (dev) must carry a justified waiver instead.',
  },
  (args, _context, report) => {
    if (!isListener(args.type)) return;
    const props = args.props;
    let protocol = listenerProtocol(props);
    if (protocol === undefined) {
      // The provider defaults an Application Load Balancer listener's protocol to HTTP. Gateway Load Balancer
      // listeners have neither protocol nor port: those are not HTTP listeners.
      if (!("port" in props)) return;
      protocol = "HTTP";
    }
    if (protocol !== "HTTP") return;
    const port = asNumber(props.port);
    const label = `HTTP listener "${args.name}"${port === undefined ? "" : ` (port ${port})`}`;
    const actions = asArray(props.defaultActions);
    const redirects = actions.filter((a) => actionType(a) === "redirect") as Record<string, unknown>[];
    const toHttps = redirects.some((a) => asString(firstBlock(a.redirect)?.protocol)?.trim().toUpperCase() === "HTTPS");
    if (toHttps) return;
    if (redirects.length > 0) {
      const target = asString(firstBlock(redirects[0].redirect)?.protocol);
      report(
        `${label} redirects to protocol ${target === undefined ? "unset (keeps #{protocol}, i.e. HTTP)" : JSON.stringify(target)}: ` +
          'it must redirect to HTTPS. Set redirect.protocol to "HTTPS".',
      );
      return;
    }
    const types = actions.map((a) => actionType(a) ?? "unknown");
    report(
      `${label} serves requests over plain HTTP (default action ${types.length === 0 ? "none" : types.map((t) => `"${t}"`).join(", ")}): ` +
        'its default action must be a "redirect" to protocol "HTTPS".',
    );
  },
);
