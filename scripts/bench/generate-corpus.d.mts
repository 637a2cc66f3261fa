export function corpusDocument(n: number, options?: { perNamespace?: number }): string;
export function generateCorpus(dir: string, objects: number, options?: { perFile?: number; perNamespace?: number }): number;
