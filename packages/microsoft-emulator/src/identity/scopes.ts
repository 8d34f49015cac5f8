// How the identity platform reads a scope string: OpenID scopes apart, Graph permissions with or
// without the https://graph.microsoft.com/ prefix, ".default" meaning "whatever was consented".

const GRAPH_RESOURCE = "https://graph.microsoft.com/";
const OIDC_SCOPES = new Set(["openid", "profile", "email", "offline_access"]);

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  openid: "Sign you in",
  profile: "View your basic profile",
  email: "View your email address",
  offline_access: "Maintain access to data you have given it access to",
  "user.read": "Sign you in and read your profile",
  "calendars.read": "Read your calendars",
  "calendars.readwrite": "Have full access to your calendars",
  "calendars.read.shared": "Read calendars you can access",
  "calendars.readwrite.shared": "Read and write calendars you can access",
};

/** Splits and normalises a scope parameter: Graph scopes lose their resource prefix. */
export function parseScopes(scope: string | undefined): string[] {
  if (!scope) return [];
  const scopes = scope
    .split(/\s+/)
    .filter((item) => item.length > 0)
    .map((item) => (item.toLowerCase().startsWith(GRAPH_RESOURCE) ? item.slice(GRAPH_RESOURCE.length) : item));
  return [...new Set(scopes)];
}

/** Permissions (not OpenID scopes) named by a request; ".default" stands for everything already consented. */
export function resourceScopes(scopes: readonly string[], consented: readonly string[]): string[] {
  const resource = scopes.filter((scope) => !OIDC_SCOPES.has(scope.toLowerCase()));
  if (resource.some((scope) => scope.toLowerCase() === ".default")) return consented.filter((scope) => !OIDC_SCOPES.has(scope.toLowerCase()));
  return resource;
}

export function isCovered(requested: readonly string[], consented: readonly string[]): boolean {
  const granted = new Set(consented.map((scope) => scope.toLowerCase()));
  return requested.every((scope) => granted.has(scope.toLowerCase()));
}

export function describeScope(scope: string): string {
  return DESCRIPTIONS[scope.toLowerCase()] ?? scope;
}

export function hasScope(scopes: readonly string[], wanted: string): boolean {
  return scopes.some((scope) => scope.toLowerCase() === wanted.toLowerCase());
}
