/** A module for bundleModule's test: its own URL, a workspace package and an installed one. */
import { z } from "zod";
import { windowsZoneToIana } from "windows-time-zones";
import { here } from "./nested/here.ts";

export const entryUrl = import.meta.url;
export const nestedUrl = here;
export const parsed = z.string().parse("zod ran");
export const zone = windowsZoneToIana("W. Europe Standard Time");
