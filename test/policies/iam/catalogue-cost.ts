/**
 * Measures what the IAM action catalogue costs the pack: `npx tsx test/policies/iam/catalogue-cost.ts`.
 * Prints the cold load of the services our stacks name, a warm lookup, the full catalogue (every service, what a
 * `*` or `*:Get*` pattern needs), and iam-actions-exist + iam-no-star-resource over 1,000 roles.
 * Not a test (no assertions): the numbers go to docs/iam-catalogue.md.
 */
import { performance } from "node:perf_hooks";
import { loadFullCatalogue, prepareCatalogue } from "../../../policies/iam/catalogue";
import { iamActionsExist } from "../../../policies/iam/iam-actions-exist";
import { iamNoStarResource } from "../../../policies/iam/iam-no-star-resource";
import { IAM } from "../../../policies/lib/resource-types";
import { runPolicy, type FakeResource } from "../../helpers/policy-harness";

const OUR_ACTIONS = [
  "s3:GetObject",
  "s3:PutObject",
  "kms:Decrypt",
  "ecr:GetAuthorizationToken",
  "logs:PutLogEvents",
  "sts:AssumeRole",
];

function ms(start: number): string {
  return `${(performance.now() - start).toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const rss0 = process.memoryUsage().rss;
  let t = performance.now();
  const catalogue = await prepareCatalogue(OUR_ACTIONS);
  console.log(`cold load (service list + s3, kms, ecr, logs, sts): ${ms(t)}; iam-data ${catalogue.version}`);
  t = performance.now();
  for (let i = 0; i < 10_000; i++) (await prepareCatalogue(OUR_ACTIONS)).lookup(OUR_ACTIONS[i % OUR_ACTIONS.length]);
  console.log(`10,000 warm prepare+lookup: ${ms(t)}`);
  t = performance.now();
  await loadFullCatalogue();
  console.log(
    `full catalogue (every service): ${ms(t)}, RSS +${Math.round((process.memoryUsage().rss - rss0) / 1e6)} MB`,
  );
  const roles: FakeResource[] = Array.from({ length: 1000 }, (_, i) => ({
    type: IAM.rolePolicy,
    name: `role-${i}`,
    props: {
      policy: JSON.stringify({
        Statement: [
          { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `arn:aws:s3:::b${i}/resumes/*` },
          { Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        ],
      }),
    },
  }));
  t = performance.now();
  await runPolicy(iamActionsExist, roles);
  await runPolicy(iamNoStarResource, roles);
  console.log(`iam-actions-exist + iam-no-star-resource over 1,000 role policies (warm): ${ms(t)}`);
}

void main();
