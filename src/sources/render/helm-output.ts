/**
 * Splits `helm template` output into the rendered text of each template file. Helm prints every
 * manifest after a `---` line and a `# Source: <chart>/<path>` comment; a template that renders
 * several documents gets one header per document. The documents of one template are joined with
 * `---` lines, so a line number in that text is the line in the template's rendered output (the
 * line in the rendered object), which is what findings report.
 */

export interface TemplateOutput {
  /** the path Helm printed: `<chart name>/templates/deployment.yaml`, `<chart>/charts/<sub>/templates/…` */
  source: string;
  text: string;
}

const SOURCE = /^# Source: (.+?)\s*$/;
const SEPARATOR = /^---\s*$/;

export function splitHelmOutput(output: string): TemplateOutput[] {
  const lines = output.split('\n');
  const byTemplate = new Map<string, string[][]>();
  let current: string[] | undefined;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!.replace(/\r$/, '');
    const header = SEPARATOR.test(line) ? SOURCE.exec(lines[index + 1]?.replace(/\r$/, '') ?? '') : null;
    if (header) {
      const source = header[1]!;
      current = [];
      const documents = byTemplate.get(source);
      if (documents) documents.push(current);
      else byTemplate.set(source, [current]);
      index += 1;
      continue;
    }
    // text before the first header (Helm prints none) belongs to no template
    current?.push(line);
  }
  return [...byTemplate].map(([source, documents]) => ({
    source,
    text: documents.map((document) => trimTrailingBlank(document).join('\n')).join('\n---\n') + '\n',
  }));
}

function trimTrailingBlank(lines: string[]): string[] {
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end -= 1;
  return lines.slice(0, end);
}
