import type { Check } from '../../src/core/check.js';
import type { Inventory } from '../../src/core/inventory.js';
import type { Finding } from '../../src/core/types.js';
import { awsExample } from '../../src/checks/aws/example.js';
import { awsExampleInventory } from './aws-example.js';
import { inventoryFromYaml, runCheck, type RunOptions } from './run-check.js';

/** An inventory from AWS CLI responses keyed by snapshot path, plus optional Kubernetes manifests. */
export function awsInventory(files: Record<string, unknown>, kubeYaml = ''): Inventory {
  return awsExampleInventory(awsExample(files, kubeYaml), (yaml) => inventoryFromYaml(yaml));
}

/** Runs one check over AWS responses; returns only the findings of that check. */
export function runAws(check: Check, files: Record<string, unknown>, kubeYaml = '', options: RunOptions = {}): Finding[] {
  return runCheck(check, awsInventory(files, kubeYaml), options);
}

export function summary(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.status}${finding.status === 'fail' ? `:${finding.severity}` : ''}`);
}

/** `aws ec2 describe-instances` of running node-group instances with the given MetadataOptions. */
export function instancesResponse(options: Record<string, unknown>[], extra: Record<string, unknown> = {}): unknown {
  return {
    Reservations: [
      {
        Instances: options.map((MetadataOptions, index) => ({
          InstanceId: `i-0${index}`,
          State: { Name: 'running' },
          MetadataOptions,
          SecurityGroups: [{ GroupId: 'sg-0c1a5e7000000000a' }],
          Tags: [{ Key: 'aws:autoscaling:groupName', Value: 'eks-general-0ac1d2e3' }],
          ...extra,
        })),
      },
    ],
  };
}
