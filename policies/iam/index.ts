import type { Guardrail } from "../lib/guardrail";
import { iamActionsExist } from "./iam-actions-exist";
import { iamNoAdminManagedPolicies } from "./iam-no-admin-managed-policies";
import { iamNoAwsManagedPolicies } from "./iam-no-aws-managed-policies";
import { iamNoNotActionAllow } from "./iam-no-notaction-allow";
import { iamNoStarResource } from "./iam-no-star-resource";
import { iamNoStaticCredentials } from "./iam-no-static-credentials";
import { iamNoWildcardActions } from "./iam-no-wildcard-actions";
import { iamTrustConfusedDeputy } from "./iam-trust-confused-deputy";
import { iamTrustNoWildcardPrincipal } from "./iam-trust-no-wildcard-principal";

/** The iam guardrails, one per file in this folder. */
export const iamGuardrails: Guardrail[] = [
  iamNoWildcardActions,
  iamNoNotActionAllow,
  iamNoStarResource,
  iamActionsExist,
  iamNoStaticCredentials,
  iamNoAdminManagedPolicies,
  iamNoAwsManagedPolicies,
  iamTrustNoWildcardPrincipal,
  iamTrustConfusedDeputy,
];
