/**
 * What every infrastructure-code normaliser returns: plain AWS models (the ones the live and
 * snapshot sources build), each with where it is declared, plus the problems of the input.
 * Normalisers are pure: plain data in (a parsed plan, template or config), this out.
 */
import type { Gap, InputError, Location } from '../../core/types.js';

export type IacKind = 'terraform' | 'cloudformation' | 'eksctl';

export const IAC_LABEL: Readonly<Record<IacKind, string>> = {
  terraform: 'Terraform plan',
  cloudformation: 'CloudFormation template',
  eksctl: 'eksctl config',
};

export interface IacRecord {
  /** an `AWS_TYPES` value */
  type: string;
  /** the resource's identity in the input: a Terraform address, a logical ID, `managedNodeGroups/ng-1` */
  id: string;
  region: string;
  model: object;
  /** model field path → why its value is not known before apply (see aws/unknown.ts) */
  unknown?: Map<string, string>;
  location: Location;
  /** the line of a finding's path, where the input has lines */
  locate?: (path: string) => Location | undefined;
}

export interface NormalisedInput {
  kind: IacKind;
  file: string;
  records: IacRecord[];
  errors: InputError[];
  /** attributes the input cannot know, by resource (the records carry them as unknown fields) */
  gaps: Gap[];
}

export function emptyInput(kind: IacKind, file: string, errors: InputError[] = []): NormalisedInput {
  return { kind, file, records: [], errors, gaps: [] };
}

export function inputError(kind: IacKind, file: string, message: string, line?: number): InputError {
  return { source: kind, message, location: { file, ...(line !== undefined ? { line } : {}) } };
}
