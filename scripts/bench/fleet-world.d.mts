export const MANAGEMENT_ACCOUNT: string;
export const READER_ROLE: string;
export const FLEET_REGIONS: string[];
export const CLUSTER_NAMES: string[];
export function wideTrust(account: string): string;
export function seedFleet(endpoint: string, options?: { accounts?: number }): Promise<string[]>;
export function closeAccounts(endpoint: string, accounts: readonly string[]): Promise<void>;
export interface AssumeRoleSeen {
  roleArn: string;
  sessionName: string;
  externalId?: string;
}
export function startStsFront(
  motoEndpoint: string,
  deniedAccounts: Set<string>,
  options?: { externalId?: string; refusedRegions?: Set<string>; throttle?: { region: string; count: number } },
): Promise<{ endpoint: string; assumed: AssumeRoleSeen[]; throttled(): number; close(): Promise<void> }>;
