// Events API: list (newest first; `type` with `*` wildcards, `types[]`, `created` ranges) and retrieve.
import { z } from "zod";
import { resourceMissing } from "../errors";
import { matchesEventType } from "../events";
import { paginate } from "../list";
import { boolParam, expandParam, paginationShape, parseParams } from "../params";
import type { ApiRoute } from "../router";

const eventListSchema = z.strictObject({
  ...paginationShape,
  type: z.string().optional(),
  types: z.array(z.string()).optional(),
  delivery_success: boolParam.optional(),
});

export const eventRoutes: ApiRoute[] = [
  {
    method: "GET",
    pattern: "/v1/events",
    handle: ({ sim, body, expand }) => {
      const input = parseParams(eventListSchema, body);
      const patterns = input.types ?? (input.type ? [input.type] : undefined);
      const all = sim.store.events
        .newestFirst()
        .filter((e) => !patterns || patterns.some((p) => matchesEventType(p, e.type)))
        .filter((e) => input.delivery_success === undefined || (e.pending_webhooks === 0) === input.delivery_success);
      return expand(paginate(all, input, "/v1/events"), input.expand);
    },
  },
  {
    method: "GET",
    pattern: "/v1/events/:id",
    handle: ({ sim, params, body, expand }) => {
      const input = parseParams(z.strictObject({ expand: expandParam }), body);
      const event = sim.store.events.get(params.id);
      if (!event) throw resourceMissing("evt", params.id);
      return expand(event, input.expand);
    },
  },
];
