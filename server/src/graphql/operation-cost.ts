import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLNamedType, type GraphQLType, type SelectionSetNode, type ValidationRule } from "graphql";
import { createGraphQLError } from "graphql-yoga";

// Types are told apart by shape, not with graphql's instanceof predicates: a bundler or test runner may load a second
// copy of graphql, whose classes then fail instanceof ("Cannot use GraphQLObjectType from another module").
type FieldsType = GraphQLNamedType & { getFields(): Record<string, unknown> };
const hasFields = (type: GraphQLNamedType | null | undefined): type is FieldsType =>
  !!type && typeof (type as Partial<FieldsType>).getFields === "function";
const namedType = (type: GraphQLType): GraphQLNamedType => {
  let t: GraphQLType = type;
  while ("ofType" in t && t.ofType) t = t.ofType as GraphQLType;
  return t as GraphQLNamedType;
};

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
      const cost = type ? selectionCost(fragment.selectionSet, type) : 0;
      visiting.delete(name);
      fragmentCosts.set(name, cost);
      return cost;
    }

    function selectionCost(selectionSet: SelectionSetNode, parent: GraphQLNamedType): number {
      let cost = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith("__")) continue;
          const field = hasFields(parent) ? (parent.getFields()[selection.name.value] as GraphQLField<unknown, unknown> | undefined) : undefined;
          if (!field) continue; // unknown fields are reported by FieldsOnCorrectType
          const own = selection.selectionSet ? objectCost + selectionCost(selection.selectionSet, namedType(field.type)) : scalarCost;
          cost += own * pageSize(field, selection);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
          if (type) cost += selectionCost(selection.selectionSet, type);
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
            createGraphQLError(`The operation costs ${cost}, over the limit of ${options.maxCost}: ask for fewer rows (first) or fewer fields`, {
              nodes: [operation],
              extensions: { code: "QUERY_TOO_COSTLY", cost, maxCost: options.maxCost },
            }),
          );
        }
      },
    };
  };
}
