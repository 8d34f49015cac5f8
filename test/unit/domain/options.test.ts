import { describe, expect, it } from "vitest";
import { canLinkCalendar, effectiveIntegration } from "../../../src/domain/options.ts";

const Y = true;
const N = false;
/** Not set. */
const _ = null;

describe("effectiveIntegration (S-OPT-4)", () => {
  // prettier-ignore
  const table: Array<[org: boolean, override: boolean, user: boolean | null, admin: boolean | null, effective: boolean]> = [
    // org override user admin   effective
    [  N,  N,       _,   _,      N ],
    [  N,  N,       _,   N,      N ],
    [  N,  N,       _,   Y,      Y ],
    [  N,  N,       N,   _,      N ],
    [  N,  N,       N,   N,      N ],
    [  N,  N,       N,   Y,      Y ],
    [  N,  N,       Y,   _,      N ], // the user's Yes is kept but does not count
    [  N,  N,       Y,   N,      N ],
    [  N,  N,       Y,   Y,      Y ],
    [  N,  Y,       _,   _,      N ],
    [  N,  Y,       _,   N,      N ],
    [  N,  Y,       _,   Y,      Y ],
    [  N,  Y,       N,   _,      N ],
    [  N,  Y,       N,   N,      N ],
    [  N,  Y,       N,   Y,      Y ], // the administrator wins over the user
    [  N,  Y,       Y,   _,      Y ],
    [  N,  Y,       Y,   N,      N ], // the administrator wins over the user
    [  N,  Y,       Y,   Y,      Y ],
    [  Y,  N,       _,   _,      Y ],
    [  Y,  N,       _,   N,      N ],
    [  Y,  N,       _,   Y,      Y ],
    [  Y,  N,       N,   _,      Y ], // the user's No is kept but does not count
    [  Y,  N,       N,   N,      N ],
    [  Y,  N,       N,   Y,      Y ],
    [  Y,  N,       Y,   _,      Y ],
    [  Y,  N,       Y,   N,      N ],
    [  Y,  N,       Y,   Y,      Y ],
    [  Y,  Y,       _,   _,      Y ],
    [  Y,  Y,       _,   N,      N ],
    [  Y,  Y,       _,   Y,      Y ],
    [  Y,  Y,       N,   _,      N ], // the user opts out
    [  Y,  Y,       N,   N,      N ],
    [  Y,  Y,       N,   Y,      Y ],
    [  Y,  Y,       Y,   _,      Y ],
    [  Y,  Y,       Y,   N,      N ],
    [  Y,  Y,       Y,   Y,      Y ],
  ];

  it("covers every combination exactly once", () => {
    const keys = new Set(table.map(([org, override, user, admin]) => JSON.stringify([org, override, user, admin])));
    expect(keys.size).toBe(2 * 2 * 3 * 3);
  });

  it.each(table)("org %s, override %s, user %s, admin %s → %s", (orgEnabled, overrideAllowed, userValue, adminValue, effective) => {
    expect(effectiveIntegration({ orgEnabled, overrideAllowed, userValue, adminValue })).toBe(effective);
  });
});

describe("canLinkCalendar (S-OPT-5)", () => {
  // prettier-ignore
  const table: Array<[effective: boolean, licensed: boolean, active: boolean, canLink: boolean]> = [
    // effective licensed active   can link
    [  N,        N,       N,       N ],
    [  N,        N,       Y,       N ],
    [  N,        Y,       N,       N ],
    [  N,        Y,       Y,       N ],
    [  Y,        N,       N,       N ],
    [  Y,        N,       Y,       N ], // unlicensed users do not host sessions
    [  Y,        Y,       N,       N ], // deactivated
    [  Y,        Y,       Y,       Y ],
  ];

  it.each(table)("effective %s, licensed %s, active %s → %s", (effective, licensed, active, canLink) => {
    expect(canLinkCalendar({ effective, licensed, active })).toBe(canLink);
  });
});
