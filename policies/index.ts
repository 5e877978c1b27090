// The CrossGuard entry point. It only constructs the pack: `new PolicyPack` starts the analyzer gRPC server that the
// Pulumi CLI (or `npm run plan`) talks to, so nothing else may import this file.
import { PolicyPack } from "@pulumi/policy";
import { guardrails } from "./guardrails";

new PolicyPack("starscreen-guardrails", {
  policies: guardrails,
  description:
    "Starscreen guardrails: no public access, no wildcard IAM actions, encrypted and versioned storage, hardened ECS and load balancers.",
});
