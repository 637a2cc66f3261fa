import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EKSClient } from '@aws-sdk/client-eks';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { RegionClients } from '../../src/sources/aws/clients.js';
import { clientConfig } from './seed.js';

const SCRIPT = path.resolve(import.meta.dirname, '../../scripts/moto.sh');

/** A moto_server of our own on a free loopback port, started by scripts/moto.sh (pinned moto from PyPI). */
export class MotoServer {
  readonly endpoint: string;
  private readonly runDir: string;

  private constructor(endpoint: string, runDir: string) {
    this.endpoint = endpoint;
    this.runDir = runDir;
  }

  static start(): MotoServer {
    const runDir = mkdtempSync(path.join(tmpdir(), 'eksguard-moto-'));
    const endpoint = execFileSync('bash', [SCRIPT, 'start'], { encoding: 'utf8', env: { ...process.env, MOTO_RUN_DIR: runDir }, timeout: 590_000 }).trim();
    if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(endpoint)) throw new Error(`moto did not start: ${endpoint}`);
    return new MotoServer(endpoint, runDir);
  }

  stop(): void {
    execFileSync('bash', [SCRIPT, 'stop'], { env: { ...process.env, MOTO_RUN_DIR: this.runDir } });
    rmSync(this.runDir, { recursive: true, force: true });
  }

  clients(region: string, customise: (eks: EKSClient) => void = () => {}): RegionClients {
    const config = clientConfig(this.endpoint, region);
    const eks = new EKSClient(config);
    customise(eks);
    return {
      region,
      eks,
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

  iam(): IAMClient {
    return new IAMClient(clientConfig(this.endpoint, 'us-east-1'));
  }
}
