import fc from 'fast-check';
import { buildSchema, Kind, parse, validate, type DocumentNode, type SelectionSetNode } from 'graphql';
import t from 'tap';
import { loadSchemaSource } from '../../../src/graphql/plugin.js';
import { documentArbitrary, documentBudget, generateDocuments, type ArgumentPools } from '../../helpers/documents.js';

/* The fuzzer's document generator, without a database: what it makes is valid, sized and varied. */

const schema = buildSchema(loadSchemaSource());
const pools: ArgumentPools = {
  ids: ['41ce7381-0ee7-5b35-959f-18b09c3d845c', 'b77a44a1-4ec0-5e0b-85c9-bae8f5ab1aa1'],
  countries: ['NL', 'CN'],
  regions: ['Fujian'],
  names: ['Quay wall renewal'],
};

/** Field nesting (root fields are level 1), through fragments, and the number of root fields. */
function shape(document: DocumentNode): { depth: number; rootFields: number; aliases: number } {
  const fragments = new Map(
    document.definitions.flatMap((d) =>
      d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [],
    ),
  );
  let aliases = 0;
  const walk = (set: SelectionSetNode, level: number): { depth: number; fields: number } => {
    let depth = level - 1;
    let fields = 0;
    for (const selection of set.selections) {
      const inner =
        selection.kind === Kind.FIELD
          ? null
          : selection.kind === Kind.INLINE_FRAGMENT
            ? selection.selectionSet
            : fragments.get(selection.name.value)!;
      if (inner) {
        const nested = walk(inner, level);
        depth = Math.max(depth, nested.depth);
        fields += nested.fields;
      } else if (selection.kind === Kind.FIELD) {
        fields += 1;
        if (selection.alias) aliases += 1;
        depth = Math.max(depth, selection.selectionSet ? walk(selection.selectionSet, level + 1).depth : level);
      }
    }
    return { depth, fields };
  };
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
  const root = walk(operation.selectionSet, 1);
  return { depth: root.depth, rootFields: root.fields, aliases };
}

t.test('every generated document is valid against the schema and within the size knobs', async (t) => {
  fc.assert(
    fc.property(documentArbitrary(schema, pools), (generated) => {
      const document = parse(generated.query);
      const problems = validate(schema, document).map((p) => p.message);
      if (problems.length > 0) throw new Error(`invalid: ${problems.join('; ')}\n${generated.query}`);
      const { depth, rootFields, aliases } = shape(document);
      return (
        depth <= documentBudget.depth &&
        rootFields <= documentBudget.rootFields &&
        aliases <= documentBudget.aliases &&
        generated.fieldCount <= documentBudget.fields
      );
    }),
    { numRuns: 500, seed: 7 },
  );
  t.pass('500 documents');
});

t.test('a seed always gives the same documents; another seed other ones', async (t) => {
  const first = generateDocuments(schema, pools, 11, 20);
  t.same(generateDocuments(schema, pools, 11, 20), first);
  t.same(generateDocuments(schema, pools, 11, 40).slice(0, 20), first, 'a longer run starts with the same documents');
  t.not(JSON.stringify(generateDocuments(schema, pools, 12, 20)), JSON.stringify(first));
});

t.test('2,000 documents cover every root field and the syntax clients use', async (t) => {
  const documents = generateDocuments(schema, pools, 1, 2000);
  const texts = documents.map((d) => d.query);
  const share = (pattern: RegExp) => texts.filter((text) => pattern.test(text)).length / texts.length;
  for (const field of Object.keys(schema.getQueryType()!.getFields())) {
    t.ok(share(new RegExp(`[{ ]${field}[ ({]`)) > 0.02, `root field ${field}`);
  }
  t.ok(share(/[{ ]__(schema|type)[ ({]/) > 0.01, 'introspection');
  t.ok(share(/\ba\d+: /) > 0.2, 'aliases');
  t.ok(share(/\.\.\. on (Quarry|Processor|Importer) /) > 0.05, 'inline fragments on the ChainNode interface');
  t.ok(share(/^fragment F\d+ on /m) > 0.1, 'named fragments');
  t.ok(share(/\$v\d+: /) > 0.2, 'variables');
  t.ok(share(/@(skip|include)\(/) > 0.02, 'directives');
  t.ok(documents.filter((d) => d.expectsBadUserInput).length / documents.length > 0.05, 'out-of-range arguments');
  const unknownIds = documents.filter((d) =>
    [
      ...`${d.query} ${JSON.stringify(d.variables)}`.matchAll(
        /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
      ),
    ].some(([id]) => !pools.ids.includes(id)),
  );
  t.ok(unknownIds.length / documents.length > 0.01, 'unknown ids beside the pool');
  t.ok(share(/\bfirst: (0|-1|101|1000)\b/) > 0.005, 'pages out of range');
});
