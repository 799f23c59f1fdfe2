import {
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { createGraphQLError, type Plugin } from "graphql-yoga";

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
 * The cost of the operation `operationName` of `document` (the only one when null). A field costs `objectCost` plus
 * what it selects (or `scalarCost` for a leaf), times the number of rows it can return: a field with a `first`
 * argument counts `first` times, whether `first` is written inline, passed in `variables` or omitted (its default,
 * else the default page size). Fragments count once per spread; introspection fields are free.
 *
 * It needs the request's variables, so it runs at execution (validation results are cached per document).
 */
export function operationCost(args: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  options?: Omit<CostLimitOptions, "maxCost">;
}): number {
  const { schema, document } = args;
  const variables = args.variables ?? {};
  const scalarCost = args.options?.scalarCost ?? 1;
  const objectCost = args.options?.objectCost ?? 2;
  const defaultPageSize = args.options?.defaultPageSize ?? DEFAULT_PAGE_SIZE;
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const fragmentCosts = new Map<string, number>();
  const visiting = new Set<string>();

  function pageSize(field: GraphQLField<unknown, unknown>, node: FieldNode): number {
    const argument = field.args.find((a) => a.name === "first");
    if (!argument) return 1;
    const given = node.arguments?.find((a) => a.name.value === "first")?.value;
    let size: unknown = argument.defaultValue ?? defaultPageSize;
    if (given?.kind === Kind.INT) size = Number.parseInt(given.value, 10);
    else if (given?.kind === Kind.VARIABLE && typeof variables[given.name.value] === "number") size = variables[given.name.value];
    // Anything else (null, a missing or non-numeric variable) falls back to the default size, or is refused later.
    return typeof size === "number" && Number.isFinite(size) && size > 1 ? Math.floor(size) : 1;
  }

  function fragmentCost(fragment: FragmentDefinitionNode): number {
    const name = fragment.name.value;
    const known = fragmentCosts.get(name);
    if (known !== undefined) return known;
    // A fragment cycle is refused by graphql's own validation; it costs nothing here.
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
        if (!field) continue; // unknown fields are refused by validation
        const own = selection.selectionSet ? objectCost + selectionCost(selection.selectionSet, namedType(field.type)) : scalarCost;
        cost += own * pageSize(field, selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type) cost += selectionCost(selection.selectionSet, type);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) cost += fragmentCost(fragment);
      }
    }
    return cost;
  }

  const operation = args.operationName ? operations.find((o) => o.name?.value === args.operationName) : operations.length === 1 ? operations[0] : undefined;
  const root = operation ? schema.getRootType(operation.operation) : undefined;
  return operation && root ? selectionCost(operation.selectionSet, root) : 0;
}

/**
 * Refuses an operation whose cost (operationCost) is over `maxCost` with QUERY_TOO_COSTLY, before it runs.
 * graphql-armor's cost limit counted `first` only when written inline, so `first: $n` passed at any size.
 */
export function useCostLimit(options: CostLimitOptions): Plugin {
  // Subscriptions (over the WebSocket) are priced the same way: envelop runs onSubscribe for them, not onExecute.
  const limit: NonNullable<Plugin["onExecute"]> = ({ args, setResultAndStopExecution }) => {
      const cost = operationCost({ schema: args.schema, document: args.document, operationName: args.operationName, variables: args.variableValues, options });
      if (cost <= options.maxCost) return;
      setResultAndStopExecution({
        errors: [
          createGraphQLError(`The operation costs ${cost}, over the limit of ${options.maxCost}: ask for fewer rows (first) or fewer fields`, {
            extensions: { code: "QUERY_TOO_COSTLY", cost, maxCost: options.maxCost },
          }),
        ],
      });
  };
  return { onExecute: limit, onSubscribe: limit as unknown as NonNullable<Plugin["onSubscribe"]> };
}
