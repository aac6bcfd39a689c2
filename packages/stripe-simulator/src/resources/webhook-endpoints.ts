// Webhook endpoints: the simulator delivers events to every enabled endpoint created here, signed
// with that endpoint's own secret (returned once, at creation, as Stripe does).
import { z } from "zod";
import type { SimContext } from "../context";
import { invalidParameter, resourceMissing } from "../errors";
import { newId, newWebhookSecret } from "../ids";
import { paginate } from "../list";
import { applyMetadata, boolParam, expandParam, metadataParam, paginationShape, parseParams } from "../params";
import type { ApiRoute } from "../router";
import type { WebhookEndpointObject } from "../types";

const urlParam = z.string().refine((v) => /^https?:\/\//.test(v), "Invalid URL");

const endpointCreateSchema = z.strictObject({
  url: urlParam,
  enabled_events: z.array(z.string()).min(1),
  description: z.string().optional(),
  metadata: metadataParam.optional(),
  api_version: z.string().optional(),
  connect: boolParam.optional(),
  expand: expandParam,
});

const endpointUpdateSchema = z.strictObject({
  url: urlParam.optional(),
  enabled_events: z.array(z.string()).min(1).optional(),
  description: z.string().optional(),
  metadata: metadataParam.optional(),
  disabled: boolParam.optional(),
  expand: expandParam,
});

function getEndpointOrThrow(sim: SimContext, id: string): WebhookEndpointObject {
  const endpoint = sim.store.webhookEndpoints.get(id);
  if (!endpoint) throw resourceMissing("we", id);
  return endpoint;
}

export const webhookEndpointRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/webhook_endpoints",
    handle: ({ sim, body }) => {
      const input = parseParams(endpointCreateSchema, body);
      if (input.enabled_events.length === 0) throw invalidParameter("enabled_events must not be empty", "enabled_events");
      const secret = newWebhookSecret();
      const endpoint: WebhookEndpointObject = {
        id: newId("we"),
        object: "webhook_endpoint",
        api_version: input.api_version ?? null,
        application: null,
        created: sim.now(),
        description: input.description ?? null,
        enabled_events: input.enabled_events,
        livemode: false,
        metadata: applyMetadata(null, input.metadata),
        status: "enabled",
        url: input.url,
      };
      sim.store.endpointSecrets.set(endpoint.id, secret);
      sim.store.webhookEndpoints.set(endpoint);
      return { ...endpoint, secret };
    },
  },
  {
    method: "GET",
    pattern: "/v1/webhook_endpoints",
    handle: ({ sim, body }) => {
      const input = parseParams(z.strictObject(paginationShape), body);
      return paginate(sim.store.webhookEndpoints.newestFirst(), input, "/v1/webhook_endpoints");
    },
  },
  {
    method: "GET",
    pattern: "/v1/webhook_endpoints/:id",
    handle: ({ sim, params }) => getEndpointOrThrow(sim, params.id),
  },
  {
    method: "POST",
    pattern: "/v1/webhook_endpoints/:id",
    handle: ({ sim, params, body }) => {
      const input = parseParams(endpointUpdateSchema, body);
      const endpoint = getEndpointOrThrow(sim, params.id);
      return sim.store.webhookEndpoints.set({
        ...endpoint,
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.enabled_events !== undefined ? { enabled_events: input.enabled_events } : {}),
        ...(input.description !== undefined ? { description: input.description || null } : {}),
        ...(input.disabled !== undefined ? { status: input.disabled ? "disabled" : "enabled" } : {}),
        metadata: applyMetadata(endpoint.metadata, input.metadata),
      });
    },
  },
  {
    method: "DELETE",
    pattern: "/v1/webhook_endpoints/:id",
    handle: ({ sim, params }) => {
      getEndpointOrThrow(sim, params.id);
      sim.store.webhookEndpoints.delete(params.id);
      sim.store.endpointSecrets.delete(params.id);
      return { id: params.id, object: "webhook_endpoint", deleted: true };
    },
  },
];
