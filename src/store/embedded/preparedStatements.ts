/**
 * Statements on the embedded database, each parsed and planned once. PGlite's own `query`
 * parses, describes and plans every statement afresh, in six calls into PostgreSQL; here a
 * statement is prepared under a name the first time its text is seen, and each later run is
 * one call (bind, execute, sync) with the parameter types and row description kept from
 * then. PostgreSQL re-plans a prepared statement by itself when a table it reads changes.
 * Runs inside PGlite's own exclusive sections (databaseThread.ts), like its `query`.
 */
import { messages, parse, protocol, type PGlite, type Results } from "@electric-sql/pglite";
import type { RowMode } from "./protocol.ts";

type BackendMessage = Awaited<ReturnType<PGlite["execProtocol"]>>["messages"][number];

interface Statement {
  name: string;
  paramTypes: number[];
  /** Absent for statements that return no rows. */
  rowDescription: BackendMessage | undefined;
}

const { serialize } = protocol;

/** SQLSTATE 0A000 with this message: a table changed the columns a prepared statement returns. */
const RESULT_TYPE_CHANGED = "cached plan must not change result type";

export interface PreparedStatements {
  run(sql: string, params: unknown[], rowMode: RowMode, inTransaction: boolean): Promise<Results<unknown>>;
}

/** `capacity` statements stay prepared; the least recently used one is closed beyond that. */
export function preparedStatements(database: PGlite, capacity: number): PreparedStatements {
  const statements = new Map<string, Statement>();
  /** Names to close on the server with the next statement prepared. */
  const forgotten: string[] = [];
  let counter = 0;

  async function exchange(messages: Uint8Array[], syncToFs: boolean): Promise<BackendMessage[]> {
    return (await database.execProtocol(Buffer.concat([...messages, serialize.sync()]), { syncToFs })).messages;
  }

  async function prepare(sql: string): Promise<Statement> {
    const name = `careroom_${++counter}`;
    const closing = forgotten.splice(0).map((old) => serialize.close({ type: "S", name: old }));
    const answer = await exchange([...closing, serialize.parse({ name, text: sql }), serialize.describe({ type: "S", name })], false);
    const parameters = answer.find((message) => message instanceof messages.ParameterDescriptionMessage);
    const statement: Statement = {
      name,
      paramTypes: parameters?.dataTypeIDs ?? [],
      rowDescription: answer.find((message) => message instanceof messages.RowDescriptionMessage),
    };
    statements.set(sql, statement);
    if (statements.size > capacity) {
      const [oldestSql, oldest] = statements.entries().next().value as [string, Statement];
      statements.delete(oldestSql);
      forgotten.push(oldest.name);
    }
    return statement;
  }

  async function run(sql: string, params: unknown[], rowMode: RowMode, inTransaction: boolean, again: boolean): Promise<Results<unknown>> {
    let statement = statements.get(sql);
    if (statement) {
      // Most recently used last, so the first entry is the one to close.
      statements.delete(sql);
      statements.set(sql, statement);
    } else {
      statement = await prepare(sql);
    }
    const values = params.map((value, index) => {
      if (value === null || value === undefined) return null;
      const serializer = database.serializers[statement.paramTypes[index] ?? 0];
      return serializer ? serializer(value) : String(value);
    });
    let answer: BackendMessage[];
    try {
      answer = await exchange([serialize.bind({ statement: statement.name, values }), serialize.execute({})], !inTransaction);
    } catch (error) {
      if (!(error instanceof Error && error.message.includes(RESULT_TYPE_CHANGED))) throw error;
      // A table changed the shape of what the statement returns: it is prepared afresh. Outside
      // a transaction the failed run changed nothing and runs once more; inside one, the
      // transaction has failed, and the error is its caller's.
      statements.delete(sql);
      forgotten.push(statement.name);
      if (inTransaction || again) throw error;
      return run(sql, params, rowMode, inTransaction, true);
    }
    const described = statement.rowDescription ? [statement.rowDescription, ...answer] : answer;
    const [result] = parse.parseResults(described, database.parsers, { rowMode });
    if (!result) throw new Error("the embedded database returned no result");
    return result;
  }

  return { run: (sql, params, rowMode, inTransaction) => run(sql, params, rowMode, inTransaction, false) };
}

