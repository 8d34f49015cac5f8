// Which time zone names Graph accepts in dateTimeTimeZone (every Windows name plus a documented
// IANA list) and the conversions between wall-clock times in those zones and instants.
import { Temporal } from "temporal-polyfill";
import { WINDOWS_ZONE_NAMES, windowsZoneToIana } from "windows-time-zones";

// Documented in microsoft-graph-docs-contrib (resources/datetimetimezone.md); any other IANA
// name is refused by Graph even when it is a valid zone.
const ACCEPTED_IANA = `
  Etc/GMT+12 Etc/GMT+11 Pacific/Honolulu America/Anchorage America/Santa_Isabel
  America/Los_Angeles America/Phoenix America/Chihuahua America/Denver America/Guatemala
  America/Chicago America/Mexico_City America/Regina America/Bogota America/New_York
  America/Indiana/Indianapolis America/Caracas America/Asuncion America/Halifax America/Cuiaba
  America/La_Paz America/Santiago America/St_Johns America/Sao_Paulo
  America/Argentina/Buenos_Aires America/Cayenne America/Godthab America/Montevideo America/Bahia
  Etc/GMT+2 Atlantic/Azores Atlantic/Cape_Verde Africa/Casablanca Etc/GMT Europe/London
  Atlantic/Reykjavik Europe/Berlin Europe/Budapest Europe/Paris Europe/Warsaw Africa/Lagos
  Africa/Windhoek Europe/Bucharest Asia/Beirut Africa/Cairo Asia/Damascus Africa/Johannesburg
  Europe/Kyiv Europe/Kiev Europe/Istanbul Asia/Jerusalem Asia/Amman Asia/Baghdad
  Europe/Kaliningrad Asia/Riyadh Africa/Nairobi Asia/Tehran Asia/Dubai Asia/Baku Europe/Moscow
  Indian/Mauritius Asia/Tbilisi Asia/Yerevan Asia/Kabul Asia/Karachi Asia/Toshkent Asia/Tashkent
  Asia/Kolkata Asia/Colombo Asia/Kathmandu Asia/Astana Asia/Almaty Asia/Dhaka Asia/Yekaterinburg
  Asia/Yangon Asia/Rangoon Asia/Bangkok Asia/Novosibirsk Asia/Shanghai Asia/Krasnoyarsk
  Asia/Singapore Australia/Perth Asia/Taipei Asia/Ulaanbaatar Asia/Irkutsk Asia/Tokyo Asia/Seoul
  Australia/Adelaide Australia/Darwin Australia/Brisbane Australia/Sydney Pacific/Port_Moresby
  Australia/Hobart Asia/Yakutsk Pacific/Guadalcanal Asia/Vladivostok Pacific/Auckland Etc/GMT-12
  Pacific/Fiji Asia/Magadan Pacific/Tongatapu Pacific/Apia Pacific/Kiritimati`.trim().split(/\s+/);

// Names on the documented list that the tz database spells differently.
const IANA_ALIASES: Readonly<Record<string, string>> = { "Asia/Toshkent": "Asia/Tashkent", "Asia/Astana": "Asia/Almaty" };

export interface ResolvedZone {
  /** The spelling echoed back to clients (Windows names in their canonical case). */
  readonly label: string;
  /** The IANA zone used for arithmetic. */
  readonly iana: string;
}

const windowsByLowerCase = new Map(WINDOWS_ZONE_NAMES.map((name) => [name.toLowerCase(), name]));
const acceptedIanaByLowerCase = new Map(ACCEPTED_IANA.map((name) => [name.toLowerCase(), name]));

export const UTC_ZONE: ResolvedZone = { label: "UTC", iana: "UTC" };

/** The zone Graph would accept for `name`, or undefined when Graph answers TimeZoneNotSupportedException. */
export function resolveZone(name: string): ResolvedZone | undefined {
  const key = name.trim().toLowerCase();
  const windows = windowsByLowerCase.get(key);
  if (windows !== undefined) return { label: windows, iana: windowsZoneToIana(windows) ?? "UTC" };
  const iana = acceptedIanaByLowerCase.get(key);
  if (iana !== undefined) return { label: iana, iana: IANA_ALIASES[iana] ?? iana };
  return undefined;
}

export function timeZoneNotSupportedMessage(name: string): string {
  return `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${name}'`;
}

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** True when `value` is a date-time Graph can read ("2026-04-15T12:00:00", optionally with fractions or an offset). */
export function isGraphDateTime(value: string): boolean {
  return LOCAL_DATE_TIME.test(value.trim());
}

/** The instant (epoch ms) of a wall-clock time in a zone; an explicit offset in the string wins over the zone. */
export function toInstantMs(dateTime: string, zone: ResolvedZone): number {
  const match = LOCAL_DATE_TIME.exec(dateTime.trim());
  if (!match) throw new RangeError(`Not a date-time: ${dateTime}`);
  const [, date, hour, minute, second = "00", fraction = "", offset] = match;
  const millis = fraction.padEnd(3, "0").slice(0, 3);
  const plain = `${date}T${hour}:${minute}:${second}.${millis}`;
  if (offset !== undefined) return Date.parse(`${plain}${offset === "Z" ? "Z" : offset.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2")}`);
  return Temporal.PlainDateTime.from(plain).toZonedDateTime(zone.iana, { disambiguation: "compatible" }).epochMilliseconds;
}

/** Graph's wall-clock spelling of an instant in a zone: "2017-04-15T11:00:00.0000000". */
export function formatInZone(instantMs: number, zone: ResolvedZone): string {
  const local = Temporal.Instant.fromEpochMilliseconds(instantMs).toZonedDateTimeISO(zone.iana).toPlainDateTime();
  const pad = (value: number, width = 2) => String(value).padStart(width, "0");
  return `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}T${pad(local.hour)}:${pad(local.minute)}:${pad(local.second)}.${pad(local.millisecond, 3)}0000`;
}
