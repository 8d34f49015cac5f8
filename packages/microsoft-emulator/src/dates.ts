// The date-time spellings Microsoft uses on the wire: seven fractional digits in Graph,
// seconds-only stamps in error bodies, "yyyy-mm-dd hh:mm:ssZ" in identity errors.

/** "2017-04-15T03:00:50.7570000Z", as Graph writes createdDateTime and friends. */
export function graphTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
}

/** "2020-08-18T12:51:51", as in innerError.date. */
export function innerErrorDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** "2016-01-09 02:02:12Z", as in identity platform error bodies. */
export function identityTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")}Z`;
}
