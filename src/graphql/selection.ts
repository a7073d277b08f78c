import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the field being resolved asks for any of `names` among its own subfields, through
 * fragments too. Directives are not evaluated: a field under @skip counts as asked for, which
 * only costs reading data that is then not sent.
 */
export function selectsAny(info: GraphQLResolveInfo, names: readonly string[]): boolean {
  const visit = (selectionSet: SelectionSetNode | undefined): boolean =>
    (selectionSet?.selections ?? []).some((selection) => {
      switch (selection.kind) {
        case Kind.FIELD:
          return names.includes(selection.name.value);
        case Kind.INLINE_FRAGMENT:
          return visit(selection.selectionSet);
        case Kind.FRAGMENT_SPREAD:
          return visit(info.fragments[selection.name.value]?.selectionSet);
      }
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}
