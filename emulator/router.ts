/** Method + path-template routing shared by the auth API, CloudWorks and the admin API. */
import type { IncomingHttpHeaders } from "node:http";
import type { EmulatorCore } from "./core";
import type { HandlerResult } from "./http";
import type { UserRecord } from "./users";

/** @internal CloudWorks API version selected by the URL prefix. */
export type ApiVersion = 1 | 2;

/** @internal Everything a handler may read about the request. */
export interface RouteContext {
  /** Upper-case HTTP method. */
  method: string;
  /** Full path without query string, as used in error envelopes. */
  path: string;
  /** Query parameters. */
  query: URLSearchParams;
  /** Decoded path parameters by name. */
  params: Record<string, string>;
  /** 2 for `/2/0` and `/cloudworks/2/0`, 1 for `/1/0`. */
  version: ApiVersion;
  /** Request headers. */
  headers: IncomingHttpHeaders;
  /** The raw request body. */
  rawBody: Buffer;
  /** The authenticated caller on CloudWorks routes. */
  user?: UserRecord;
}

/**
 * @internal What serves one endpoint: it reads the request from `ctx` and the tenant from
 * `core`, and throws ApiError for error envelopes. Handlers are plain functions of their area's
 * module, so the route table names them without wrapping each one.
 */
export type RouteHandler = (core: EmulatorCore, ctx: RouteContext) => HandlerResult;

/** @internal A route: `pattern` segments in braces are parameters. */
export interface RouteDef {
  /** HTTP method. */
  method: string;
  /** Path template relative to the API prefix, e.g. `/integrations/{integrationId}`. */
  pattern: string;
  /** Whether the route requires an `AnaplanAuthToken`/`Bearer` token. */
  auth: boolean;
  /** The handler. */
  handler: RouteHandler;
}

/**
 * @internal Every route the server answers. Where two patterns of one list match a path with
 * the same number of literal segments (`PUT /integrations/connections/schedule`), the one listed
 * first wins, so the order of each list is part of the behaviour.
 */
export interface RouteTable {
  /** Routes served under each of {@link CLOUDWORKS_PREFIXES}. */
  cloudWorks: RouteDef[];
  /** Routes served at the root (the auth API, the admin API); matched before CloudWorks. */
  root: RouteDef[];
}

/**
 * @internal A route that needs an `AnaplanAuthToken`/`Bearer` token: every CloudWorks route but I6. The
 * two constructors keep `auth` in the name, where a table of routes shows it on every line.
 */
export function tokenRoute(method: string, pattern: string, handler: RouteHandler): RouteDef {
  return { method, pattern, auth: true, handler };
}

/** @internal A route served without a token: the auth API, which issues them, and the admin API. */
export function openRoute(method: string, pattern: string, handler: RouteHandler): RouteDef {
  return { method, pattern, auth: false, handler };
}

/** @internal A matched route. */
export interface RouteMatch {
  /** The route. */
  route: RouteDef;
  /** Path parameters. */
  params: Record<string, string>;
  /** API version of the prefix. */
  version: ApiVersion;
  /** `METHOD /prefix/template` with IDs written `{id}`, the key of request counts. */
  countKey: string;
}

interface CompiledRoute {
  route: RouteDef;
  segments: string[];
  literals: number;
}

/** @internal Prefixes under which CloudWorks answers (§1, §11.1). */
export const CLOUDWORKS_PREFIXES: readonly { prefix: string; version: ApiVersion }[] = [
  { prefix: "/2/0", version: 2 },
  { prefix: "/1/0", version: 1 },
  { prefix: "/cloudworks/2/0", version: 2 },
  { prefix: "/cloudworks/1/0", version: 1 },
];

function compile(route: RouteDef): CompiledRoute {
  const segments = route.pattern.split("/").slice(1);
  return { route, segments, literals: segments.filter((s) => !s.startsWith("{")).length };
}

/** @internal Parameters other than IDs keep their own name in count keys. */
function countSegment(segment: string): string {
  if (!segment.startsWith("{")) return segment;
  return segment === "{status}" ? segment : "{id}";
}

function matchSegments(
  compiled: CompiledRoute,
  parts: string[],
): Record<string, string> | undefined {
  if (compiled.segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const segment = compiled.segments[i];
    if (segment.startsWith("{")) {
      if (parts[i] === "") return undefined;
      try {
        params[segment.slice(1, -1)] = decodeURIComponent(parts[i]);
      } catch {
        return undefined;
      }
    } else if (segment !== parts[i]) {
      return undefined;
    }
  }
  return params;
}

/** @internal Routes CloudWorks paths under each prefix and root paths (auth API, admin API). */
export class Router {
  private readonly cloudWorks: CompiledRoute[];
  private readonly root: CompiledRoute[];

  constructor(table: RouteTable) {
    this.cloudWorks = table.cloudWorks.map(compile);
    this.root = table.root.map(compile);
  }

  /** The most specific route for method and path, or undefined when unrouted. */
  match(method: string, path: string): RouteMatch | undefined {
    const rootMatch = this.best(this.root, method, path);
    if (rootMatch) {
      return {
        route: rootMatch.compiled.route,
        params: rootMatch.params,
        version: 2,
        countKey: `${method} /${rootMatch.compiled.segments.map(countSegment).join("/")}`,
      };
    }
    for (const { prefix, version } of CLOUDWORKS_PREFIXES) {
      if (!path.startsWith(`${prefix}/`)) continue;
      const found = this.best(this.cloudWorks, method, path.slice(prefix.length));
      if (found) {
        return {
          route: found.compiled.route,
          params: found.params,
          version,
          countKey: `${method} ${prefix}/${found.compiled.segments.map(countSegment).join("/")}`,
        };
      }
    }
    return undefined;
  }

  private best(
    routes: CompiledRoute[],
    method: string,
    path: string,
  ): { compiled: CompiledRoute; params: Record<string, string> } | undefined {
    const parts = path.split("/").slice(1);
    let best: { compiled: CompiledRoute; params: Record<string, string> } | undefined;
    for (const compiled of routes) {
      if (compiled.route.method !== method) continue;
      const params = matchSegments(compiled, parts);
      if (params && (!best || compiled.literals > best.compiled.literals))
        best = { compiled, params };
    }
    return best;
  }
}

/** @internal Count key for an unrouted request: ID-looking segments become `{id}`. */
export function unroutedCountKey(method: string, path: string): string {
  const normalized = path
    .split("/")
    .map((s) =>
      /^[0-9a-fA-F]{32}$/.test(s) || /^\d{12}$/.test(s) || /^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(s)
        ? "{id}"
        : s,
    )
    .join("/");
  return `${method} ${normalized}`;
}
