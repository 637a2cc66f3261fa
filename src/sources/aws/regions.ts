import { DescribeRegionsCommand, type EC2Client } from '@aws-sdk/client-ec2';

const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The regions enabled for the account (opted-in or not needing opt-in), sorted; `--region` narrows a fleet scan instead. */
export async function listEnabledRegions(ec2: EC2Client): Promise<string[]> {
  // AllRegions=false leaves out opt-in regions the account has not enabled: their endpoints refuse its credentials
  const response = await ec2.send(new DescribeRegionsCommand({ AllRegions: false }));
  const names = (response.Regions ?? []).map((region) => region.RegionName ?? '').filter((name) => REGION_NAME.test(name));
  return [...new Set(names)].sort();
}
