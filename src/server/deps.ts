/** What every feature's routes are given, instead of importing it. */
import type { Config } from "../config.ts";
import type { Db } from "../store/db.ts";

export interface RouteDeps {
  db: Db;
  config: Config;
}
