import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Random, valid read documents generated from the schema: random root fields and sub-selections,
 * arguments (inline or as variables), aliases, inline fragments on interfaces, named fragments and
 * @include/@skip. fast-check supplies the seeded, replayable randomness and the combinators; the
 * schema walk decides what is valid. Mutations are not generated: see the fuzz test.
 *
 * The size knobs live in `documentBudget` alone, so they can follow the service's per-role
 * document budgets (cost, aliases, depth, tokens): a generated document should fit them.
 */
export const documentBudget = {
  /** Root fields per document. */
  rootFields: 3,
  /** Field nesting, root fields being level 1 (fragments add none). */
  depth: 6,
  /** Fields picked per selection set (inline fragments come on top). */
  fieldsPerSelection: 4,
  /** Fields in the whole document, fragments included. */
  fields: 50,
  /** Aliased fields per document. */
  aliases: 4,
  /** The usual `first`: most pages are this small; a few go up to the API's 100. */
  pageSize: 5,
} as const;

export type DocumentBudget = typeof documentBudget;

/** Values the generator picks arguments from: ids, countries and regions of the data under test. */
export interface ArgumentPools {
  ids: readonly string[];
  countries: readonly string[];
  regions: readonly string[];
  /** Names as lists sort by them, for cursors that decode like the API's own. */
  names: readonly string[];
}

export interface GeneratedDocument {
  query: string;
  variables: Record<string, unknown>;
  /** A root field got a value the API must refuse as BAD_USER_INPUT (a `first` of 0, a malformed id...). */
  expectsBadUserInput: boolean;
  fieldCount: number;
}

type Value =
  | { kind: 'scalar'; value: string | number | boolean | null }
  | { kind: 'enum'; value: string }
  | { kind: 'list'; items: Value[] }
  | { kind: 'object'; fields: [string, Value][] };

interface ArgumentChoice {
  name: string;
  type: GraphQLInputType;
  value: Value;
  asVariable: boolean;
  /** A value outside what the argument accepts (the API answers BAD_USER_INPUT). */
  refused: boolean;
}

type Directive = null | '@include(if: true)' | '@skip(if: false)' | '@skip(if: true)';

interface FieldChoice {
  kind: 'field';
  name: string;
  args: ArgumentChoice[];
  alias: boolean;
  directive: Directive;
  /** Wrapped in an inline fragment without or with the (same) type condition. */
  wrap: 'none' | 'untyped' | 'typed';
  selection: SelectionChoice | null;
}

interface FragmentChoice {
  kind: 'fragment';
  on: string;
  selection: SelectionChoice;
}

interface SelectionChoice {
  typeName: string;
  items: (FieldChoice | FragmentChoice)[];
  /** Printed as a named fragment and spread. */
  named: boolean;
}

/** true with the given percentage. */
const chance = (percent: number): fc.Arbitrary<boolean> => fc.integer({ min: 0, max: 99 }).map((n) => n < percent);

const isoDay = (date: Date): string => date.toISOString().slice(0, 10);
const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

const cursorOf = (sortKey: string, id: string): string =>
  Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');

interface Choice {
  value: Value;
  refused: boolean;
}

const accepted = (value: Value): Choice => ({ value, refused: false });
const refusedValue = (value: Value): Choice => ({ value, refused: true });
const scalar = (value: string | number | boolean | null): Value => ({ kind: 'scalar', value });

/** Builds the arbitraries for one schema, memoised per type and level. */
class DocumentGenerator {
  private readonly selections = new Map<string, fc.Arbitrary<SelectionChoice>>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly pools: ArgumentPools,
    private readonly budget: DocumentBudget,
  ) {}

  document(): fc.Arbitrary<GeneratedDocument> {
    const query = this.schema.getQueryType();
    if (!query) throw new Error('the schema has no Query type');
    const rootFields: GraphQLField<unknown, unknown>[] = [
      ...Object.values(query.getFields()),
      SchemaMetaFieldDef,
      TypeMetaFieldDef,
    ];
    // Introspection is a small part of what clients send: one root field in twenty.
    const weighted = rootFields.map((field) => ({
      arbitrary: fc.constant(field),
      weight: field.name.startsWith('__') ? 1 : 10,
    }));
    return fc
      .tuple(fc.array(fc.oneof(...weighted), { minLength: 1, maxLength: this.budget.rootFields }), chance(10))
      .chain(([fields, named]) =>
        fc
          .tuple(...fields.map((field) => this.field(field, 1, false)))
          .map((items): SelectionChoice => ({ typeName: query.name, items, named })),
      )
      .map((root) => new DocumentPrinter(this.budget).print(root))
      .filter((document) => document.fieldCount <= this.budget.fields);
  }

  private selection(type: GraphQLNamedType, level: number): fc.Arbitrary<SelectionChoice> {
    const key = `${type.name}@${level}`;
    const known = this.selections.get(key);
    if (known) return known;
    if (!isObjectType(type) && !isInterfaceType(type)) throw new Error(`no selection on ${type.name}`);
    // graphql-js refuses introspection nested deeper than this (MaxIntrospectionDepthRule).
    const deepest = type.name.startsWith('__') ? 4 : this.budget.depth;
    const fields = Object.values(type.getFields()).filter(
      (field) => isLeafType(getNamedType(field.type)) || level < deepest,
    );
    const typename = { name: '__typename', type: this.schema.getType('String'), args: [] } as unknown as GraphQLField<
      unknown,
      unknown
    >;
    const picked = fc
      .array(fc.constantFrom(...fields, typename), { minLength: 1, maxLength: this.budget.fieldsPerSelection })
      .chain((chosen) => fc.tuple(...chosen.map((field) => this.field(field, level, true))));
    const fragments: fc.Arbitrary<FragmentChoice[]> = isInterfaceType(type)
      ? fc.uniqueArray(fc.constantFrom(...this.schema.getPossibleTypes(type)), { maxLength: 2 }).chain((types) =>
          types.length === 0
            ? fc.constant([])
            : fc.tuple(
                ...types.map((on) =>
                  this.selection(on, level).map((selection): FragmentChoice => ({
                    kind: 'fragment',
                    on: on.name,
                    selection,
                  })),
                ),
              ),
        )
      : fc.constant([]);
    const arbitrary = fc
      .tuple(picked, fragments, chance(10))
      .map(([items, inline, named]): SelectionChoice => ({ typeName: type.name, items: [...items, ...inline], named }));
    this.selections.set(key, arbitrary);
    return arbitrary;
  }

  private field(field: GraphQLField<unknown, unknown>, level: number, nested: boolean): fc.Arbitrary<FieldChoice> {
    const named = getNamedType(field.type);
    const selection = isCompositeType(named) ? this.selection(named, level + 1) : fc.constant(null);
    const args = field.args.map((arg) => this.argument(arg));
    return fc
      .record({
        args: args.length === 0 ? fc.constant([]) : fc.tuple(...args),
        alias: chance(15),
        // Directives and fragment wrappers only below the root: root fields always run.
        directive: nested
          ? fc.oneof(
              { arbitrary: fc.constant<Directive>(null), weight: 20 },
              {
                arbitrary: fc.constantFrom<Directive>('@include(if: true)', '@skip(if: false)', '@skip(if: true)'),
                weight: 1,
              },
            )
          : fc.constant<Directive>(null),
        wrap: nested
          ? fc.oneof(
              { arbitrary: fc.constant('none' as const), weight: 12 },
              fc.constantFrom('untyped' as const, 'typed' as const),
            )
          : fc.constant('none' as const),
        selection,
      })
      .map(({ args: given, ...rest }) => ({
        kind: 'field' as const,
        name: field.name,
        args: (given as (ArgumentChoice | null)[]).filter((arg): arg is ArgumentChoice => arg !== null),
        ...rest,
      }));
  }

  /** null: an optional argument left out. */
  private argument(arg: GraphQLArgument): fc.Arbitrary<ArgumentChoice | null> {
    const value = fc.record({ choice: this.value(arg.name, arg.type), asVariable: chance(25) });
    const given = value.map(({ choice, asVariable }): ArgumentChoice => ({
      name: arg.name,
      type: arg.type,
      value: choice.value,
      asVariable,
      refused: choice.refused,
    }));
    if (isNonNullType(arg.type)) return given;
    const explicitNull = fc.constant<ArgumentChoice>({
      name: arg.name,
      type: arg.type,
      value: scalar(null),
      asVariable: false,
      refused: false,
    });
    return fc.oneof(
      { arbitrary: fc.constant(null), weight: 5 },
      { arbitrary: given, weight: 5 },
      { arbitrary: explicitNull, weight: 1 },
    );
  }

  private value(name: string, type: GraphQLInputType): fc.Arbitrary<Choice> {
    const inner: GraphQLInputType = getNullableType(type);
    if (isListType(inner)) {
      return fc.array(this.value(name, inner.ofType), { maxLength: 3 }).map((items) => ({
        value: { kind: 'list', items: items.map((i) => i.value) },
        refused: items.some((i) => i.refused),
      }));
    }
    if (isInputObjectType(inner)) {
      const fields = Object.values(inner.getFields());
      return fc.tuple(...fields.map((f) => this.value(f.name, f.type))).map((values) => ({
        value: { kind: 'object', fields: values.map((v, i) => [fields[i]!.name, v.value] as [string, Value]) },
        refused: values.some((v) => v.refused),
      }));
    }
    if (isEnumType(inner))
      return fc.constantFrom(...inner.getValues().map((v) => v.name)).map((v) => accepted({ kind: 'enum', value: v }));
    if (!isScalarType(inner)) throw new Error(`no values for ${String(type)}`);
    return this.scalarValue(name, inner.name);
  }

  private scalarValue(name: string, scalarName: string): fc.Arbitrary<Choice> {
    const { ids, countries, regions, names } = this.pools;
    const pick = (...options: { arbitrary: fc.Arbitrary<Choice>; weight: number }[]) => fc.oneof(...options);
    switch (scalarName) {
      case 'ID':
        return pick(
          { arbitrary: fc.constantFrom(...ids).map((id) => accepted(scalar(id))), weight: 16 },
          { arbitrary: fc.uuid().map((id) => accepted(scalar(id))), weight: 2 },
          {
            arbitrary: fc
              .constantFrom('not-an-id', "' OR 1=1 //", 'Quarry', '{"id":1}')
              .map((id) => accepted(scalar(id))),
            weight: 1,
          },
          { arbitrary: fc.constantFrom('', '   ', 'x'.repeat(101)).map((id) => refusedValue(scalar(id))), weight: 1 },
        );
      case 'Int':
        if (name === 'first') {
          return pick(
            {
              arbitrary: fc.integer({ min: 1, max: this.budget.pageSize }).map((n) => accepted(scalar(n))),
              weight: 14,
            },
            { arbitrary: fc.integer({ min: 1, max: 100 }).map((n) => accepted(scalar(n))), weight: 3 },
            {
              arbitrary: fc.constantFrom(0, -1, 101, 1000, 2 ** 31 - 1, -(2 ** 31)).map((n) => refusedValue(scalar(n))),
              weight: 2,
            },
          );
        }
        if (name === 'year') {
          return pick(
            { arbitrary: fc.integer({ min: 2015, max: 2030 }).map((n) => accepted(scalar(n))), weight: 9 },
            { arbitrary: fc.constantFrom(0, 1999, 2101, -2025).map((n) => refusedValue(scalar(n))), weight: 1 },
          );
        }
        return fc.integer({ min: -10, max: 1000 }).map((n) => accepted(scalar(n)));
      case 'Float':
        return fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((n) => accepted(scalar(n)));
      case 'Boolean':
        return fc.boolean().map((b) => accepted(scalar(b)));
      case 'Date':
        return fc
          .date({ min: day('2015-01-01'), max: day('2030-12-31'), noInvalidDate: true })
          .map((d) => accepted(scalar(isoDay(d))));
      case 'String':
        return this.stringValue(name, { ids, countries, regions, names });
      default:
        return fc.string({ maxLength: 8 }).map((s) => accepted(scalar(s)));
    }
  }

  private stringValue(name: string, { ids, countries, regions, names }: ArgumentPools): fc.Arbitrary<Choice> {
    const anyText = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }));
    switch (name) {
      case 'country':
        return fc.oneof(
          { arbitrary: fc.constantFrom(...countries).map((c) => accepted(scalar(c))), weight: 8 },
          { arbitrary: fc.constantFrom('XX', 'NLD', '', '1').map((c) => refusedValue(scalar(c))), weight: 1 },
        );
      case 'region':
        return fc.oneof(
          { arbitrary: fc.constantFrom(...regions).map((r) => accepted(scalar(r))), weight: 8 },
          { arbitrary: anyText.map((r) => accepted(scalar(r))), weight: 1 },
        );
      case 'after':
        return fc.oneof(
          // Cursors that decode as the API's own do: [sort key, id].
          {
            arbitrary: fc
              .tuple(fc.constantFrom(...names, '2024-01-01', 'NL'), fc.constantFrom(...ids))
              .map(([k, id]) => accepted(scalar(cursorOf(k, id)))),
            weight: 5,
          },
          {
            arbitrary: fc
              .constantFrom('abc', '!!', cursorOf('only', 'two').slice(3))
              .map((c) => refusedValue(scalar(c))),
            weight: 1,
          },
        );
      case 'name':
        return fc.constantFrom(...Object.keys(this.schema.getTypeMap()), 'Nope').map((n) => accepted(scalar(n)));
      default:
        return anyText.map((s) => accepted(scalar(s)));
    }
  }
}

/** Prints a generated tree as GraphQL text, keeping it valid: see `argumentsOf`. */
class DocumentPrinter {
  private readonly fragments: string[] = [];
  private readonly variableDefinitions: string[] = [];
  private readonly variables: Record<string, unknown> = {};
  /** The arguments each `Type.field` was first printed with. */
  private readonly firstArguments = new Map<string, string>();
  private aliases = 0;
  private fieldCount = 0;
  private expectsBadUserInput = false;

  constructor(private readonly budget: DocumentBudget) {}

  print(root: SelectionChoice): GeneratedDocument {
    const body = this.selectionSet(root, true);
    const definitions = this.variableDefinitions.length ? `(${this.variableDefinitions.join(', ')})` : '';
    return {
      query: [`query Fuzz${definitions} ${body}`, ...this.fragments].join('\n'),
      variables: this.variables,
      expectsBadUserInput: this.expectsBadUserInput,
      fieldCount: this.fieldCount,
    };
  }

  private selectionSet(selection: SelectionChoice, root = false): string {
    const items = selection.items.map((item) =>
      item.kind === 'fragment'
        ? `... on ${item.on} ${this.selectionSet(item.selection)}`
        : this.field(selection.typeName, item, root),
    );
    const set = `{ ${items.join(' ')} }`;
    if (!selection.named) return set;
    const name = `F${this.fragments.length + 1}`;
    this.fragments.push(`fragment ${name} on ${selection.typeName} ${set}`);
    return `{ ...${name} }`;
  }

  private field(parent: string, field: FieldChoice, root: boolean): string {
    this.fieldCount += 1;
    const aliased = field.alias && this.aliases < this.budget.aliases;
    if (aliased) this.aliases += 1;
    const alias = aliased ? `a${this.aliases}: ` : '';
    const args = this.argumentsOf(parent, field, aliased, root);
    const directive = field.directive ? ` ${field.directive}` : '';
    const sub = field.selection ? ` ${this.selectionSet(field.selection)}` : '';
    const text = `${alias}${field.name}${args}${directive}${sub}`;
    switch (field.wrap) {
      case 'none':
        return text;
      case 'untyped':
        return `... { ${text} }`;
      case 'typed':
        return `... on ${parent} { ${text} }`;
    }
  }

  /**
   * Fields sharing a response name are merged and must agree on their arguments. Aliases are unique
   * per document, so only unaliased fields can meet: an unaliased `Type.field` takes the arguments
   * it was first printed with.
   */
  private argumentsOf(parent: string, field: FieldChoice, aliased: boolean, root: boolean): string {
    const key = `${parent}.${field.name}`;
    const earlier = aliased ? undefined : this.firstArguments.get(key);
    if (earlier !== undefined) return earlier;
    const text = field.args.length
      ? `(${field.args.map((arg) => `${arg.name}: ${this.argument(arg)}`).join(', ')})`
      : '';
    if (root && field.args.some((arg) => arg.refused)) this.expectsBadUserInput = true;
    if (!aliased) this.firstArguments.set(key, text);
    return text;
  }

  private argument(arg: ArgumentChoice): string {
    if (!arg.asVariable) return literal(arg.value);
    const name = `v${this.variableDefinitions.length + 1}`;
    this.variableDefinitions.push(`$${name}: ${String(arg.type)}`);
    this.variables[name] = json(arg.value);
    return `$${name}`;
  }
}

function literal(value: Value): string {
  switch (value.kind) {
    case 'scalar':
      return value.value === null ? 'null' : JSON.stringify(value.value);
    case 'enum':
      return value.value;
    case 'list':
      return `[${value.items.map(literal).join(', ')}]`;
    case 'object':
      return `{${value.fields.map(([k, v]) => `${k}: ${literal(v)}`).join(', ')}}`;
  }
}

function json(value: Value): unknown {
  switch (value.kind) {
    case 'scalar':
    case 'enum':
      return value.value;
    case 'list':
      return value.items.map(json);
    case 'object':
      return Object.fromEntries(value.fields.map(([k, v]) => [k, json(v)]));
  }
}

/** Read documents for `schema`, arguments drawn from `pools`, sized by `budget`. */
export function documentArbitrary(
  schema: GraphQLSchema,
  pools: ArgumentPools,
  budget: DocumentBudget = documentBudget,
): fc.Arbitrary<GeneratedDocument> {
  return new DocumentGenerator(schema, pools, budget).document();
}

/** The `count` documents of `seed`, in order: the same seed always gives the same documents. */
export function generateDocuments(
  schema: GraphQLSchema,
  pools: ArgumentPools,
  seed: number,
  count: number,
): GeneratedDocument[] {
  return fc.sample(documentArbitrary(schema, pools), { seed, numRuns: count });
}
