/** The roles as people read them, on the profile page and in Account Users. */
import type { Me } from "../../server/contract.ts";

export const ROLE_NAMES: Record<Me["user"]["roles"][number], string> = {
  account_admin: "Account Administrator",
  scheduler: "Scheduler",
};
