import { createSchema, createYoga } from "graphql-yoga";
import { createArmor } from "../src/graphql/yoga.ts";
const yoga = createYoga({
    schema: createSchema({
      typeDefs: `type Node { id: ID! children: [Node!]! parent: Node } type Query { node: Node }`,
      resolvers: { Query: { node: () => ({ id: "1", children: [], parent: null }) } },
    }),
    plugins: [createArmor()],
    logging: true,
  });
const r = await yoga.fetch("http://x/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ node { id } }" }) });
console.log(await r.text());
