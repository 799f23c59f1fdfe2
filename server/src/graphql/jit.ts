import { useGraphQlJit } from "@envelop/graphql-jit";
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode, TypeNode } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Logger } from "../logger.ts";

type Execute = (args: unknown) => unknown;

/**
 * Runs hot queries through graphql-jit: a compiled executor, several times cheaper than graphql-js on large lists such
 * as a 100-row cap table. Only where it is safe and pays:
 * - queries that clients have sent `hotAfter` times: compiling costs more than one execution, so documents sent once
 *   or twice (tools, probes, someone trying shapes) run on the ordinary executor and cannot make the server compile
 *   on every request (documents are the parse cache's objects, so a hot one is compiled once);
 * - not mutations (small answers, nothing to gain) and not operations with input-object variables (graphql-jit does
 *   not apply input fields' default values);
 * - when graphql-jit refuses the variables, the ordinary executor answers instead, so clients get its messages.
 * Nothing here calls graphql-js on the schema: a bundler may load a second copy of graphql (see yoga.ts).
 */
export function useHotDocumentJit(logger: Logger, hotAfter = 3): Plugin {
  const jit = useGraphQlJit({}, {
    onError(result) {
      logger.warn({ msg: "graphql-jit could not compile a document", errors: result.errors?.map((e) => e.message) });
    },
  }) as Plugin;
  const documents = new WeakMap<DocumentNode, Map<string, { sent: number; eligible: boolean }>>();

  function hotAndEligible(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): boolean {
    let operations = documents.get(document);
    if (!operations) documents.set(document, (operations = new Map()));
    let state = operations.get(operationName ?? "");
    if (!state) {
      const operation = findOperation(document, operationName);
      const eligible = operation?.operation === "query" && (operation.variableDefinitions ?? []).every((v) => {
        const type = schema.getType(namedType(v.type));
        return type !== undefined && type !== null && Object.prototype.toString.call(type) !== "[object GraphQLInputObjectType]";
      });
      operations.set(operationName ?? "", (state = { sent: 0, eligible }));
    }
    if (!state.eligible) return false;
    if (state.sent < hotAfter) state.sent += 1;
    return state.sent >= hotAfter;
  }

  return {
    onExecute(payload) {
      const { schema, document, operationName } = payload.args;
      if (!hotAndEligible(schema, document, operationName)) return;
      const ordinary = payload.executeFn as Execute;
      let compiled: Execute | undefined;
      // The graphql-jit plugin hands over its executor synchronously; keep it and wrap it with the fallback.
      void jit.onExecute!({ ...payload, setExecuteFn: (fn: unknown) => void (compiled = fn as Execute) });
      if (!compiled) return;
      const run = compiled;
      payload.setExecuteFn(((args: unknown) => {
        // A result without `data` means the variables were refused before anything ran.
        const answer = (result: { data?: unknown; errors?: unknown[] }) => ("data" in result || !result.errors?.length ? result : ordinary(args));
        const result = run(args) as { data?: unknown } | PromiseLike<{ data?: unknown }>;
        return "then" in result && typeof result.then === "function" ? result.then(answer) : answer(result as { data?: unknown });
      }) as never);
    },
  };
}

function findOperation(document: DocumentNode, name: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  return name ? operations.find((o) => o.name?.value === name) : operations.length === 1 ? operations[0] : undefined;
}

function namedType(type: TypeNode): string {
  return type.kind === "NamedType" ? type.name.value : namedType(type.type);
}
