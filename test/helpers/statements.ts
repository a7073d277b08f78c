import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig } from '../../src/config.js';
import { DownstreamService } from '../../src/downstream/service.js';
import { statementsMadeSoFar, type Graph, type StatementMade } from '../../src/db/graph.js';
import { ProjectComplaints } from '../../src/reporting/complaints.js';
import { QuarryAreaReport } from '../../src/reporting/quarryAreas.js';
import { RegistryCommands } from '../../src/registry/commands.js';
import { SiteMerges } from '../../src/registry/merges.js';
import { RegistryService } from '../../src/registry/service.js';
import { SupplyLinkImport } from '../../src/registry/supplyLinkImport.js';
import { RiskCommands } from '../../src/risk/commands.js';
import { RiskReads } from '../../src/risk/service.js';
import { traceEvidencePart } from '../../src/risk/traceEvidence.js';
import { TraceService } from '../../src/trace/service.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const src = join(root, 'src');

/** A call of the statement helper (not its declaration), with its type arguments, up to the opening parenthesis. */
const statementCall = /(?<!function\s+)\bcypher\s*(?:<(?:[^<>]|<(?:[^<>]|<[^<>]*>)*>)*>)?\s*\(/g;
const literal = /'([^']*)'|"([^"]*)"|`([^`]*)`/g;

export interface StatementDefinition {
  /** The file, relative to the repository. */
  file: string;
  /** The first argument of the call, as written. */
  nameArgument: string;
  /** The names it can evaluate to: each string literal in it, a template's `${…}` matching any text. */
  names: RegExp[];
}

/** Every call of `cypher(…)` in src, read from the source text: what the rendered statements must cover. */
export function statementDefinitions(): StatementDefinition[] {
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  return files.sort().flatMap((file) => {
    const source = readFileSync(join(src, file), 'utf8');
    return [...source.matchAll(statementCall)].map((call) => {
      const nameArgument = source
        .slice(call.index + call[0].length)
        .split(',', 1)[0]!
        .trim();
      const names = [...nameArgument.matchAll(literal)].map((m) => {
        const parts = (m[1] ?? m[2] ?? m[3]!)
          .split(/\$\{[^}]*\}/)
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        return new RegExp(`^${parts.join('.+')}$`);
      });
      return { file: relative(root, join(src, file)), nameArgument, names };
    });
  });
}

/**
 * Every statement src defines, made as the app makes them with the default configuration: the
 * modules that define statements are loaded (making those fixed at load), and the services that
 * compose theirs when built (per role, from the configured depth) are built as `buildApp` builds
 * them. `statementDefinitions` is what tells when this list falls behind.
 */
export async function everyStatement(): Promise<StatementMade[]> {
  const defining = new Set(statementDefinitions().map(({ file }) => file));
  for (const file of defining) await import(pathToFileURL(join(root, file)).href);

  const config = loadConfig({});
  const { maxDepth } = config.trace;
  // Built only for the statements they make on construction: none of them touches the graph then.
  const graph = {} as Graph;
  void [
    new RegistryService(graph, maxDepth),
    new RegistryCommands(graph, maxDepth, config.registry),
    new SiteMerges(graph, maxDepth),
    new TraceService(graph, config.trace, traceEvidencePart),
    new DownstreamService(graph, config.trace),
    new RiskReads(graph, maxDepth),
    new RiskCommands(graph, maxDepth),
    new QuarryAreaReport(graph, maxDepth, config.report.minCompanies),
    new SupplyLinkImport(graph, maxDepth, config.csvImport, config.capacity.importTimeoutMs),
    new ProjectComplaints(graph, maxDepth),
  ];
  return statementsMadeSoFar();
}

/** The snapshot's heading of a statement: its name and the role it was made for. */
export const statementLabel = ({ name, role }: StatementMade): string => `${name} / ${role || 'any caller'}`;

const token = /'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|\/\/[^\n]*|\s+|\w+|./g;
/** Words that start a clause. */
const clause = /^(MATCH|OPTIONAL|WHERE|WITH|RETURN|UNWIND|CALL|UNION|MERGE|CREATE|SET|FOREACH|DELETE|DETACH|REMOVE)$/;
/** Words after which a clause word continues the clause: OPTIONAL MATCH, ON CREATE SET, ON MATCH SET, DETACH DELETE. */
const continued = /^(OPTIONAL|ON|CREATE|MATCH|DETACH)$/;
const operator = /^(AND|OR|XOR)$/;

/**
 * The text laid out for reading, whatever its layout in the source: in a statement or subquery
 * (EXISTS, COLLECT, CALL: not within other brackets, so a pattern's WHERE stays put) every clause
 * starts a line, as does every AND, OR and XOR and a MERGE's ON, indented one step further; a
 * subquery's braces end and start lines and indent its body. Strings are kept whole, comments
 * whole and on lines of their own: only whitespace differs from the text sent.
 */
export function formatCypher(text: string): string {
  const tokens = text.match(token) ?? [];
  const significant = (from: number, step: 1 | -1): string => {
    for (let i = from + step; i >= 0 && i < tokens.length; i += step)
      if (!/^(\s|\/\/)/.test(tokens[i]!)) return tokens[i]!;
    return '';
  };
  const lines: string[] = [];
  // Per open bracket: for a subquery's brace, the indent of the line it opened on; else null.
  const open: (number | null)[] = [];
  const inSubquery = (): boolean => open.length === 0 || open.at(-1) !== null;
  let line = '';
  let indent = 0;
  const newLine = (): void => {
    if (line.trim() !== '') lines.push('  '.repeat(indent) + line.trim());
    line = '';
  };
  tokens.forEach((t, i) => {
    if (/^\s/.test(t)) return void (line += ' ');
    const closesSubquery = t === '}' && open.at(-1) !== null;
    const continues = operator.test(t) || (t === 'ON' && /^(CREATE|MATCH)$/.test(significant(i, 1)));
    const startsClause = clause.test(t) && !continued.test(significant(i, -1));
    if ((inSubquery() && (startsClause || continues)) || closesSubquery || t.startsWith('//')) newLine();
    if (line.trim() === '') {
      const body = open.findLast((opened) => opened !== null);
      indent = closesSubquery ? (open.at(-1) as number) : (body === undefined ? 0 : body + 1) + (continues ? 1 : 0);
    }
    line += t;
    if ('{(['.includes(t)) open.push(t === '{' && clause.test(significant(i, 1)) ? indent : null);
    if ('})]'.includes(t)) open.pop();
    if ((t === '{' && open.at(-1) !== null) || t.startsWith('//')) newLine();
  });
  newLine();
  return lines.join('\n');
}
