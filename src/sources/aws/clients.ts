import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { EKSClient } from '@aws-sdk/client-eks';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { SSMClient } from '@aws-sdk/client-ssm';

/** The clients of one region; made once and passed to every collector of that region. */
export interface RegionClients {
  region: string;
  eks: EKSClient;
  ec2: EC2Client;
  ssm: SSMClient;
  kms: KMSClient;
  logs: CloudWatchLogsClient;
  guardduty: GuardDutyClient;
  ecr: ECRClient;
  cloudtrail: CloudTrailClient;
  cloudwatch: CloudWatchClient;
}

export interface AwsClientOptions {
  /** a named profile of the shared config files; otherwise the default provider chain (env, SSO, IMDS …) */
  profile?: string;
  /** attempts per call; the SDK's standard retry mode backs off on throttling */
  maxAttempts?: number;
  /** `adaptive` also slows the client down when throttled: a fleet scan sends many calls to one account */
  retryMode?: 'standard' | 'adaptive';
  /** credentials of an assumed role (a fleet member account); otherwise the profile or the default chain */
  credentials?: CredentialProvider;
}

/** Temporary credentials as the SDK takes them; the provider refreshes them before they expire. */
export type CredentialProvider = () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }>;

function baseConfig(region: string, options: AwsClientOptions) {
  // Endpoints (AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>) and credentials come from the
  // SDK's own configuration chain, so CI, SSO laptops and emulators all work unchanged.
  return {
    region,
    retryMode: options.retryMode ?? 'standard',
    maxAttempts: options.maxAttempts ?? 6,
    ...(options.credentials ? { credentials: options.credentials } : options.profile ? { profile: options.profile } : {}),
  };
}

export function createRegionClients(region: string, options: AwsClientOptions = {}): RegionClients {
  const config = baseConfig(region, options);
  return {
    region,
    eks: new EKSClient(config),
    ec2: new EC2Client(config),
    ssm: new SSMClient(config),
    kms: new KMSClient(config),
    logs: new CloudWatchLogsClient(config),
    guardduty: new GuardDutyClient(config),
    ecr: new ECRClient(config),
    cloudtrail: new CloudTrailClient(config),
    cloudwatch: new CloudWatchClient(config),
  };
}

/** IAM is global: one client, signed for the first region of the scan. */
export function createIamClient(region: string, options: AwsClientOptions = {}): IAMClient {
  return new IAMClient(baseConfig(region, options));
}

export function destroyClients(regions: readonly RegionClients[], iam: IAMClient | undefined): void {
  for (const clients of regions) for (const client of [clients.eks, clients.ec2, clients.ssm, clients.kms, clients.logs, clients.guardduty, clients.ecr, clients.cloudtrail, clients.cloudwatch]) client.destroy();
  iam?.destroy();
}
