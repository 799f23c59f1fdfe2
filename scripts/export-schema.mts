// Part of `npm run build`, before the web build: writes the server's GraphQL schema to web/src/api/schema.graphql and
// gql.tada's typings (web/src/api/graphql-env.d.ts) from it, so the web console is typed against the API it is built
// with and never imports server/src.
import fs from "node:fs";
import path from "node:path";
import { generateOutput } from "@gql.tada/cli-utils";
import { lexicographicSortSchema, printSchema } from "graphql";
import { buildSchema } from "../server/src/graphql/schema.ts";

const webDir = path.resolve(import.meta.dirname, "../web");
const schemaFile = path.join(webDir, "src/api/schema.graphql");

const sdl = `${printSchema(lexicographicSortSchema(buildSchema()))}\n`;
const changed = !fs.existsSync(schemaFile) || fs.readFileSync(schemaFile, "utf8") !== sdl;
if (changed) fs.writeFileSync(schemaFile, sdl);
await generateOutput({ tsconfig: path.join(webDir, "tsconfig.json"), output: undefined, silent: true });
if (changed) console.log(`GraphQL schema written to ${path.relative(process.cwd(), schemaFile)}`);
