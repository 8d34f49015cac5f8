/** A select over the browser's IANA time zones; the current value is always among them. */
import type { ControlProps } from "./Field.tsx";

const ZONES = Intl.supportedValuesOf("timeZone");

export function TimeZoneSelect({ value, onChange, control }: { value: string; onChange: (zone: string) => void; control: ControlProps }) {
  // Some browsers leave UTC or a legacy alias out of their list; a session may still use it.
  const zones = ZONES.includes(value) ? ZONES : [value, ...ZONES];
  return (
    <select {...control} value={value} onChange={(event) => onChange(event.target.value)}>
      {zones.map((zone) => (
        <option key={zone} value={zone}>
          {zone.replaceAll("_", " ")}
        </option>
      ))}
    </select>
  );
}
