// Route table for the /v1 API: method + pattern (`/v1/invoices/:id/pay`) → handler. The pattern is
// also the key the call counter uses.
import type { SimContext } from "./context";
import type { FormObject } from "./form";
import type { RequestMeta } from "./types";

export type HttpMethod = "GET" | "POST" | "DELETE";

export interface ApiRequest {
  sim: SimContext;
  params: Record<string, string>;
  /** Query string and form body, decoded into nested objects. */
  body: FormObject;
  request: RequestMeta;
  /** Applies `expand[]` paths to a response object. */
  expand<T extends object>(object: T, paths: string[] | undefined): T;
}

export interface ApiRoute {
  method: HttpMethod;
  pattern: string;
  handle(req: ApiRequest): object;
}

interface CompiledRoute extends ApiRoute {
  regex: RegExp;
  names: string[];
}

export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(...routes: ApiRoute[]): this {
    for (const route of routes) {
      const names: string[] = [];
      const body = route.pattern
        .split("/")
        .map((segment) => {
          if (!segment.startsWith(":")) return segment.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
          names.push(segment.slice(1));
          return "([^/]+)";
        })
        .join("/");
      this.routes.push({ ...route, regex: new RegExp(`^${body}/?$`), names });
    }
    return this;
  }

  match(method: string, path: string): { route: ApiRoute; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const found = route.regex.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(found[i + 1]);
      });
      return { route, params };
    }
    return undefined;
  }

  /** True when the path exists for some other method (Stripe still answers 404 for it). */
  knowsPath(path: string): boolean {
    return this.routes.some((r) => r.regex.test(path));
  }
}
