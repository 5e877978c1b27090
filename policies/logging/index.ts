import type { Guardrail } from "../lib/guardrail";
import { cloudwatchLogGroupKms } from "./cloudwatch-log-group-kms";
import { cloudwatchLogGroupRetention } from "./cloudwatch-log-group-retention";
import { cloudwatchLogGroupRetentionOneYear } from "./cloudwatch-log-group-retention-one-year";
import { networkSecurityGroupOpenIngress } from "./network-security-group-open-ingress";
import { s3GatewayEndpointPolicy } from "./s3-gateway-endpoint-policy";
import { vpcFlowLogs } from "./vpc-flow-logs";
import { vpcFlowLogsAllTraffic } from "./vpc-flow-logs-all-traffic";

/** The logging, network and CloudWatch guardrails, one per file in this folder. */
export const loggingGuardrails: Guardrail[] = [
  networkSecurityGroupOpenIngress,
  vpcFlowLogs,
  vpcFlowLogsAllTraffic,
  s3GatewayEndpointPolicy,
  cloudwatchLogGroupRetention,
  cloudwatchLogGroupRetentionOneYear,
  cloudwatchLogGroupKms,
];
