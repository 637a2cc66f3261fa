import { cisEks180 } from './cis-eks-1.8.0.js';
import { cisEks200 } from './cis-eks-2.0.0.js';
import { eksBestPractices } from './eks-bpg.js';
import { checksOf, type Framework } from './model.js';
import { nsaCisa } from './nsa-cisa.js';
import { pssBaseline, pssRestricted } from './pss.js';

export type { Assessment, Control, Coverage, Framework } from './model.js';
export { checksOf } from './model.js';

/** Every framework eksguard knows, newest CIS first. */
export const allFrameworks: readonly Framework[] = [cisEks200, cisEks180, nsaCisa, eksBestPractices, pssBaseline, pssRestricted];

export function findFramework(name: string): Framework | undefined {
  return allFrameworks.find((framework) => framework.name === name);
}

/**
 * The `standards` tags of a check, derived from every framework that maps it: `<tag> <control>`,
 * each once, in framework then control order. pss-restricted repeats baseline's controls under
 * the same tags, so the set is the same whichever frameworks are listed.
 */
export function standardsOf(checkId: string, frameworks: readonly Framework[] = allFrameworks): string[] {
  const tags = new Set<string>();
  for (const framework of frameworks) {
    for (const control of framework.controls) if (checksOf(control).includes(checkId)) tags.add(`${framework.tag} ${control.id}`);
  }
  return [...tags];
}
