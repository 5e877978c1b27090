import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** TLS 1.3 with TLS 1.2 fallback, no TLS 1.0/1.1 (AWS's recommended policy for HTTPS listeners). */
export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

export interface LoadBalancerAccessLogs {
  /** Bucket name (SSE-S3) whose policy lets the regional Elastic Load Balancing delivery principal write. */
  readonly bucket: pulumi.Input<string>;
  /** Key prefix, without slashes at either end. */
  readonly prefix: string;
  /** The bucket policy that grants delivery: the load balancer is created after it (AWS tests delivery on enable). */
  readonly grant: pulumi.Resource;
}

export interface PublicLoadBalancerArgs {
  readonly vpcId: pulumi.Input<string>;
  /** Public subnets in at least two availability zones. */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The port the targets (tasks) listen on. */
  readonly targetPort: number;
  /** Path the target group's health check requests. Default `"/health"`. */
  readonly healthCheckPath?: string;
  /** ACM certificate of the HTTPS listener. Default none: then `allowPlainHttp` must be set (dev only). */
  readonly certificateArn?: pulumi.Input<string>;
  /** With no certificate, let the HTTP listener forward instead of redirecting. Conflicts with `certificateArn`. Default `false`. */
  readonly allowPlainHttp?: boolean;
  /** TLS security policy of the HTTPS listener. Default `"ELBSecurityPolicy-TLS13-1-2-2021-06"`. */
  readonly sslPolicy?: string;
  readonly accessLogs: LoadBalancerAccessLogs;
  /** Refuse deletion through the API (prod). Default `true`. */
  readonly deletionProtection?: boolean;
  /** Seconds an idle connection stays open. Default `60`. */
  readonly idleTimeout?: number;
}

/**
 * An internet-facing Application Load Balancer for one service: its own security group open to the internet on
 * 443 (HTTPS) and 80 (which only redirects to HTTPS), a target group of task IPs with a health check, a TLS 1.2+
 * HTTPS listener, invalid header fields dropped, access logs to S3, deletion protection. Without a certificate
 * (dev only, `allowPlainHttp`) there is no HTTPS listener and the HTTP listener forwards.
 * The service behind it adds the security-group rules between the two groups (it knows its own group).
 */
export class PublicLoadBalancer extends pulumi.ComponentResource {
  public readonly securityGroup: aws.ec2.SecurityGroup;
  public readonly securityGroupId: pulumi.Output<string>;
  public readonly loadBalancer: aws.lb.LoadBalancer;
  public readonly arn: pulumi.Output<string>;
  public readonly dnsName: pulumi.Output<string>;
  public readonly targetGroup: aws.lb.TargetGroup;
  public readonly targetGroupArn: pulumi.Output<string>;
  /** Every listener: services that register targets must be created after them. */
  public readonly listeners: aws.lb.Listener[];
  /** `https://<dns name>`, or `http://` without a certificate. */
  public readonly url: pulumi.Output<string>;
  public readonly servesHttps: boolean;

  constructor(name: string, args: PublicLoadBalancerArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const healthCheckPath = args.healthCheckPath ?? "/health";
    const allowPlainHttp = args.allowPlainHttp ?? false;
    const sslPolicy = args.sslPolicy ?? DEFAULT_SSL_POLICY;
    const deletionProtection = args.deletionProtection ?? true;
    const idleTimeout = args.idleTimeout ?? 60;
    if (args.certificateArn !== undefined && allowPlainHttp) {
      throw new Error(
        `PublicLoadBalancer ${name}: certificateArn and allowPlainHttp conflict: with a certificate HTTP only redirects to HTTPS`,
      );
    }
    if (args.certificateArn === undefined && !allowPlainHttp) {
      throw new Error(
        `PublicLoadBalancer ${name}: give certificateArn (HTTPS), or set allowPlainHttp to serve plain HTTP (dev only)`,
      );
    }
    if (!Number.isInteger(args.targetPort) || args.targetPort < 1 || args.targetPort > 65535) {
      throw new Error(
        `PublicLoadBalancer ${name}: targetPort must be an integer from 1 to 65535, got ${args.targetPort}`,
      );
    }
    if (!healthCheckPath.startsWith("/"))
      throw new Error(`PublicLoadBalancer ${name}: healthCheckPath must start with /, got "${healthCheckPath}"`);
    super("starscreen:ecs:PublicLoadBalancer", name, {}, opts);
    this.servesHttps = args.certificateArn !== undefined;

    this.securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: "Internet-facing load balancer: HTTPS and HTTP (redirect) in",
        revokeRulesOnDelete: true,
      },
      { parent: this },
    );
    this.securityGroupId = this.securityGroup.id;
    const openPorts: [string, number][] = this.servesHttps
      ? [
          ["https", 443],
          ["http", 80],
        ]
      : [["http", 80]];
    for (const [label, port] of openPorts) {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-${label}-ingress`,
        {
          securityGroupId: this.securityGroup.id,
          cidrIpv4: "0.0.0.0/0",
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          description: `${label.toUpperCase()} from the internet`,
        },
        { parent: this },
      );
    }

    this.loadBalancer = new aws.lb.LoadBalancer(
      `${name}-alb`,
      {
        loadBalancerType: "application",
        internal: false,
        ipAddressType: "ipv4",
        subnets: args.subnetIds,
        securityGroups: [this.securityGroup.id],
        dropInvalidHeaderFields: true,
        enableDeletionProtection: deletionProtection,
        idleTimeout,
        accessLogs: { bucket: args.accessLogs.bucket, prefix: args.accessLogs.prefix, enabled: true },
      },
      { parent: this, dependsOn: [args.accessLogs.grant] },
    );
    this.arn = this.loadBalancer.arn;
    this.dnsName = this.loadBalancer.dnsName;

    this.targetGroup = new aws.lb.TargetGroup(
      `${name}-targets`,
      {
        vpcId: args.vpcId,
        targetType: "ip",
        protocol: "HTTP",
        protocolVersion: "HTTP1",
        port: args.targetPort,
        deregistrationDelay: 30,
        healthCheck: {
          enabled: true,
          protocol: "HTTP",
          path: healthCheckPath,
          matcher: "200-399",
          interval: 15,
          timeout: 5,
          healthyThreshold: 2,
          unhealthyThreshold: 3,
        },
      },
      { parent: this },
    );
    this.targetGroupArn = this.targetGroup.arn;

    const forward = [{ type: "forward", targetGroupArn: this.targetGroup.arn }];
    this.listeners = [];
    if (args.certificateArn !== undefined) {
      this.listeners.push(
        new aws.lb.Listener(
          `${name}-https-listener`,
          {
            loadBalancerArn: this.loadBalancer.arn,
            protocol: "HTTPS",
            port: 443,
            certificateArn: args.certificateArn,
            sslPolicy,
            defaultActions: forward,
          },
          { parent: this },
        ),
      );
    }
    this.listeners.push(
      new aws.lb.Listener(
        `${name}-http-listener`,
        {
          loadBalancerArn: this.loadBalancer.arn,
          protocol: "HTTP",
          port: 80,
          defaultActions: this.servesHttps
            ? [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]
            : forward,
        },
        { parent: this },
      ),
    );
    this.url = pulumi.interpolate`${this.servesHttps ? "https" : "http"}://${this.loadBalancer.dnsName}`;
    this.registerOutputs({ arn: this.arn, dnsName: this.dnsName, url: this.url });
  }
}
