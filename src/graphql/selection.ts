import {
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';

export type Fragments = Readonly<Record<string, FragmentDefinitionNode | undefined>>;

/**
 * Whether any of `fieldNodes` asks for any of `names` among its own subfields, through fragments
 * too. Directives are not evaluated: a field under @skip counts as asked for, which only costs
 * reading data that is then not sent.
 */
export function fieldsSelectAny(
  fieldNodes: readonly FieldNode[],
  fragments: Fragments,
  names: readonly string[],
): boolean {
  const visit = (selectionSet: SelectionSetNode | undefined): boolean =>
    (selectionSet?.selections ?? []).some((selection) => {
      switch (selection.kind) {
        case Kind.FIELD:
          return names.includes(selection.name.value);
        case Kind.INLINE_FRAGMENT:
          return visit(selection.selectionSet);
        case Kind.FRAGMENT_SPREAD:
          return visit(fragments[selection.name.value]?.selectionSet);
      }
    });
  return fieldNodes.some((node) => visit(node.selectionSet));
}

/** `fieldsSelectAny` for the field being resolved. */
export const selectsAny = (info: GraphQLResolveInfo, names: readonly string[]): boolean =>
  fieldsSelectAny(info.fieldNodes, info.fragments, names);
