/** Which requests belong to the JSON API and sign-in (as opposed to the browser UI's pages). */

export function isApiPath(url: string): boolean {
  return url === "/api" || url.startsWith("/api/") || url.startsWith("/api?") || url.startsWith("/auth/");
}

/** A browser asking for a page of the single-page UI: GET, not the API, not a file name. */
export function isPagePath(method: string, url: string): boolean {
  if (method !== "GET" && method !== "HEAD") return false;
  const path = url.split("?", 1)[0] ?? "";
  const lastSegment = path.slice(path.lastIndexOf("/") + 1);
  return !isApiPath(path) && !lastSegment.includes(".");
}
