import {
  getNamedType,
  GraphQLError,
  isCompositeType,
  isInterfaceType,
  isLeafType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type SelectionSetNode,
  type ValidationRule,
} from "graphql";

/** What one operation may cost, and what each part of it costs. */
export interface CostLimitOptions {
  maxCost: number;
  /** A leaf field (scalar or enum). */
  scalarCost?: number;
  /** A field with a selection set, on top of what it selects. */
  objectCost?: number;
  /** The page size a connection serves when the operation gives no `first` (readPageArgs' default). */
  defaultPageSize?: number;
}

/** The page size resolvers use when `first` is omitted (server/src/graphql/connection.ts readPageArgs). */
export const DEFAULT_PAGE_SIZE = 20;

/**
 * A validation rule that refuses an operation whose cost is over `maxCost`, with the code QUERY_TOO_COSTLY. A field
 * costs `objectCost` plus what it selects (or `scalarCost` for a leaf), times the number of rows it can return: a
 * field with a `first` argument counts `first` times, whether `first` is written inline, passed as a variable (the
 * request's `variables`) or omitted (the default page size). Fragments count once per spread; introspection is free.
 */
export function costLimitRule(options: CostLimitOptions, variables: Record<string, unknown> = {}): ValidationRule {
  const scalarCost = options.scalarCost ?? 1;
  const objectCost = options.objectCost ?? 2;
  const defaultPageSize = options.defaultPageSize ?? DEFAULT_PAGE_SIZE;

  return (context) => {
    const schema = context.getSchema();
    const fragmentCosts = new Map<string, number>();
    const visiting = new Set<string>();

    function pageSize(field: GraphQLField<unknown, unknown>, node: FieldNode): number {
      const argument = field.args.find((a) => a.name === "first");
      if (!argument) return 1;
      const given = node.arguments?.find((a) => a.name.value === "first")?.value;
      let size: unknown = argument.defaultValue ?? defaultPageSize;
      if (given?.kind === Kind.INT) size = Number.parseInt(given.value, 10);
      else if (given?.kind === Kind.VARIABLE && typeof variables[given.name.value] === "number") size = variables[given.name.value];
      // Anything else (null, a missing or non-numeric variable) is refused later or falls back to the default size.
      return typeof size === "number" && Number.isFinite(size) && size > 1 ? Math.floor(size) : 1;
    }

    function fragmentCost(fragment: FragmentDefinitionNode): number {
      const name = fragment.name.value;
      const known = fragmentCosts.get(name);
      if (known !== undefined) return known;
      // A fragment cycle is reported by graphql's own NoFragmentCycles rule; it costs nothing here.
      if (visiting.has(name)) return 0;
      visiting.add(name);
      const type = schema.getType(fragment.typeCondition.name.value);
      const cost = type && isCompositeType(type) ? selectionCost(fragment.selectionSet, type) : 0;
      visiting.delete(name);
      fragmentCosts.set(name, cost);
      return cost;
    }

    function selectionCost(selectionSet: SelectionSetNode, parent: GraphQLCompositeType): number {
      let cost = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith("__")) continue;
          const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[selection.name.value] : undefined;
          if (!field) continue; // unknown fields are reported by FieldsOnCorrectType
          const type = getNamedType(field.type);
          const own = isLeafType(type) || !selection.selectionSet || !isCompositeType(type)
            ? scalarCost
            : objectCost + selectionCost(selection.selectionSet, type);
          cost += own * pageSize(field, selection);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
          if (type && isCompositeType(type)) cost += selectionCost(selection.selectionSet, type);
        } else {
          const fragment = context.getFragment(selection.name.value);
          if (fragment) cost += fragmentCost(fragment);
        }
      }
      return cost;
    }

    return {
      OperationDefinition(operation) {
        const root = schema.getRootType(operation.operation);
        if (!root) return;
        const cost = selectionCost(operation.selectionSet, root);
        if (cost > options.maxCost) {
          context.reportError(
            new GraphQLError(`The operation costs ${cost}, over the limit of ${options.maxCost}: ask for fewer rows (first) or fewer fields`, {
              nodes: [operation],
              extensions: { code: "QUERY_TOO_COSTLY", cost, maxCost: options.maxCost },
            }),
          );
        }
      },
    };
  };
}
