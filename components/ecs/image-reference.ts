/**
 * Container image references (`[registry/]repository[:tag][@sha256:digest]`), and the ECR repository ARN an image
 * is pulled from, so the execution role can be granted pull access to exactly that repository.
 */

const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const REFERENCE = new RegExp(
  `^(?:(?<first>[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::\\d{1,5})?)/)?(?<rest>${COMPONENT}(?:/${COMPONENT})*)` +
    `(?::(?<tag>[\\w][\\w.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$`,
);
const ECR_HOST =
  /^(?<account>\d{12})\.dkr\.ecr(?:-fips)?\.(?<region>[a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?<cn>\.cn)?$/;

export interface ImageReference {
  /** Registry host, or undefined for Docker Hub. */
  readonly registry?: string;
  /** Repository path within the registry. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
  /** Set when the registry is a private Amazon ECR registry. */
  readonly ecr?: { readonly account: string; readonly region: string; readonly partition: string };
}

/** Parses an image reference; undefined when it is not one. */
export function parseImageReference(image: string): ImageReference | undefined {
  const match = REFERENCE.exec(image);
  if (!match?.groups) return undefined;
  const { first, rest, tag, digest } = match.groups;
  // As in Docker: the first component names a registry only if it looks like a host (a dot, a port, localhost).
  const isHost = first !== undefined && (first.includes(".") || first.includes(":") || first === "localhost");
  if (first !== undefined && !isHost && !new RegExp(`^${COMPONENT}$`).test(first)) return undefined;
  const registry = isHost ? first : undefined;
  const repository = first !== undefined && !isHost ? `${first}/${rest}` : rest;
  const ecrMatch = registry ? ECR_HOST.exec(registry) : null;
  const ecr = ecrMatch?.groups
    ? {
        account: ecrMatch.groups.account,
        region: ecrMatch.groups.region,
        partition: ecrMatch.groups.cn ? "aws-cn" : ecrMatch.groups.region.startsWith("us-gov-") ? "aws-us-gov" : "aws",
      }
    : undefined;
  return { registry, repository, tag, digest, ecr };
}

/** `arn:aws:ecr:<region>:<account>:repository/<name>` for an image in a private ECR registry, else undefined. */
export function ecrRepositoryArnOf(image: string): string | undefined {
  const ref = parseImageReference(image);
  if (!ref?.ecr) return undefined;
  return `arn:${ref.ecr.partition}:ecr:${ref.ecr.region}:${ref.ecr.account}:repository/${ref.repository}`;
}

/** True when the image names an immutable version: a digest, or a tag other than `latest`. */
export function isPinnedImage(image: string): boolean {
  const ref = parseImageReference(image);
  return ref !== undefined && (ref.digest !== undefined || (ref.tag !== undefined && ref.tag !== "latest"));
}
