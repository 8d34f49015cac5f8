/**
 * Arrays as single SQL parameters, for set-based statements (`= any(...)`, `unnest(...)`).
 * Drizzle would spread a JS array into a list of parameters, so the array travels as one
 * PostgreSQL array literal with every element quoted and escaped.
 */
import { sql, type SQL } from "drizzle-orm";

function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}

export function uuidArray(values: readonly string[]): SQL {
  return sql`${arrayLiteral(values)}::uuid[]`;
}

export function textArray(values: readonly string[]): SQL {
  return sql`${arrayLiteral(values)}::text[]`;
}

export function intArray(values: readonly number[]): SQL {
  return sql`${`{${values.map((v) => Math.trunc(v)).join(",")}}`}::int[]`;
}
