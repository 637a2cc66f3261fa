export const MANAGEMENT_ACCOUNT: string;
export const READER_ROLE: string;
export const FLEET_REGIONS: string[];
export const CLUSTER_NAMES: string[];
export function wideTrust(account: string): string;
export function seedFleet(endpoint: string, options?: { accounts?: number }): Promise<string[]>;
export function startStsFront(motoEndpoint: string, deniedAccounts: Set<string>): Promise<{ endpoint: string; close(): Promise<void> }>;
