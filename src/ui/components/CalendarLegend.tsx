/** The colour legend at the top of the calendar (S-CAL-2): each kind named in words beside its swatch. */
import type { CalendarItem } from "../../server/calendarContract.ts";
import { KIND_LABELS, type KindColors } from "../calendarView.ts";

export function CalendarLegend({ colors }: { colors: Record<CalendarItem["kind"], KindColors> }) {
  const kinds = Object.keys(KIND_LABELS) as CalendarItem["kind"][];
  return (
    <ul className="calendar-legend" aria-label="Colour legend">
      {kinds.map((kind) => (
        <li key={kind} data-testid={`legend-${kind}`}>
          <span className="calendar-legend-swatch" style={{ backgroundColor: colors[kind].background }} aria-hidden="true" />
          {KIND_LABELS[kind]}
        </li>
      ))}
    </ul>
  );
}
