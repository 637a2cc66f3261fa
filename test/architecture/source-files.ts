import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '../..');

/** Every `.ts` file under a directory of the repository, as paths from the repository root with `/` separators. */
export function typescriptFiles(directory: string): string[] {
  const found: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(REPOSITORY_ROOT, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.ts')) found.push(child);
    }
  };
  walk(directory);
  return found.sort();
}

export const isTestFile = (file: string): boolean => file.endsWith('.test.ts');

/** One `import … from` / `export … from` / `import()`. */
export interface ImportEdge {
  from: string;
  /** a repository path for a relative specifier, else the package or `node:` specifier as written */
  to: string;
  external: boolean;
  /** names imported; `*` for a namespace import or `export *` */
  names: readonly string[];
  typeOnly: boolean;
}

function resolveRelative(from: string, specifier: string): string {
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  return joined.replace(/\.js$/, '.ts');
}

/**
 * The imports of one file, read with the TypeScript parser (no type checking, so it is
 * fast): static imports, re-exports and dynamic `import('…')` with a literal specifier.
 */
export function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(path.join(REPOSITORY_ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const edges: ImportEdge[] = [];
  const add = (specifier: ts.Expression | undefined, names: string[], typeOnly: boolean): void => {
    if (!specifier || !ts.isStringLiteral(specifier)) return;
    const external = !specifier.text.startsWith('.');
    edges.push({ from: file, to: external ? specifier.text : resolveRelative(file, specifier.text), external, names, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const names: string[] = [];
      if (clause?.name) names.push('default');
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.push('*');
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.push((element.propertyName ?? element.name).text);
      const typeOnly = clause !== undefined && (clause.isTypeOnly || (bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly) && !clause.name));
      add(node.moduleSpecifier, names, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const clause = node.exportClause;
      const names = clause && ts.isNamedExports(clause) ? clause.elements.map((element) => (element.propertyName ?? element.name).text) : ['*'];
      add(node.moduleSpecifier, names, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], ['*'], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** The names a module exports itself (not `export * from`), with their declaration's line. */
export function exportsOf(file: string): { name: string; line: number }[] {
  const text = readFileSync(path.join(REPOSITORY_ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: { name: string; line: number }[] = [];
  const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  for (const statement of source.statements) {
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) found.push({ name: element.name.text, line: line(element) });
      continue;
    }
    if (!exported) continue;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) found.push({ name: declaration.name.text, line: line(declaration) });
    } else if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) &&
      statement.name
    ) {
      found.push({ name: statement.name.text, line: line(statement) });
    }
  }
  return found;
}
