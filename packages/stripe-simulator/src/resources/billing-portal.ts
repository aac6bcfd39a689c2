// Customer portal: configurations (create / list / retrieve / update) and sessions, whose URL is a
// page served by the simulator listing the customer's invoices.
import { z } from "zod";
import type { SimContext } from "../context";
import { invalidRequest, resourceMissing } from "../errors";
import { newId } from "../ids";
import { paginate } from "../list";
import { applyMetadata, boolParam, expandParam, metadataParam, paginationShape, parseParams } from "../params";
import type { ApiRoute } from "../router";
import type { PortalConfigurationObject, PortalSessionObject } from "../types";
import { getCustomerOrThrow } from "./customers";

const featuresParam = z.looseObject({
  invoice_history: z.strictObject({ enabled: boolParam }).optional(),
  customer_update: z.looseObject({ enabled: boolParam.optional() }).optional(),
  payment_method_update: z.looseObject({ enabled: boolParam.optional() }).optional(),
  subscription_cancel: z.looseObject({ enabled: boolParam.optional() }).optional(),
});

const businessProfileParam = z.strictObject({
  headline: z.string().optional(),
  privacy_policy_url: z.string().optional(),
  terms_of_service_url: z.string().optional(),
});

const configurationFields = {
  business_profile: businessProfileParam.optional(),
  default_return_url: z.string().optional(),
  features: featuresParam.optional(),
  metadata: metadataParam.optional(),
  name: z.string().optional(),
  login_page: z.strictObject({ enabled: boolParam }).optional(),
  expand: expandParam,
};

const configurationCreateSchema = z.strictObject(configurationFields);
const configurationUpdateSchema = z.strictObject({ ...configurationFields, active: boolParam.optional() });
type ConfigurationInput = z.output<typeof configurationUpdateSchema>;

const sessionCreateSchema = z.strictObject({
  customer: z.string(),
  return_url: z.string().optional(),
  configuration: z.string().optional(),
  locale: z.string().optional(),
  flow_data: z.looseObject({}).optional(),
  expand: expandParam,
});

function applyConfiguration(base: PortalConfigurationObject, input: ConfigurationInput, now: number): PortalConfigurationObject {
  const features = input.features;
  return {
    ...base,
    ...(input.active !== undefined ? { active: input.active } : {}),
    ...(input.default_return_url !== undefined ? { default_return_url: input.default_return_url || null } : {}),
    ...(input.name !== undefined ? { name: input.name || null } : {}),
    business_profile: {
      headline: input.business_profile?.headline ?? base.business_profile.headline,
      privacy_policy_url: input.business_profile?.privacy_policy_url ?? base.business_profile.privacy_policy_url,
      terms_of_service_url: input.business_profile?.terms_of_service_url ?? base.business_profile.terms_of_service_url,
    },
    features: {
      ...base.features,
      invoice_history: { enabled: features?.invoice_history?.enabled ?? base.features.invoice_history.enabled },
      customer_update: {
        ...base.features.customer_update,
        enabled: features?.customer_update?.enabled ?? base.features.customer_update.enabled,
      },
      payment_method_update: {
        ...base.features.payment_method_update,
        enabled: features?.payment_method_update?.enabled ?? base.features.payment_method_update.enabled,
      },
      subscription_cancel: {
        ...base.features.subscription_cancel,
        enabled: features?.subscription_cancel?.enabled ?? base.features.subscription_cancel.enabled,
      },
    },
    login_page: input.login_page ? { enabled: input.login_page.enabled, url: null } : base.login_page,
    metadata: applyMetadata(base.metadata, input.metadata),
    updated: now,
  };
}

function blankConfiguration(now: number, isDefault: boolean): PortalConfigurationObject {
  return {
    id: newId("bpc"),
    object: "billing_portal.configuration",
    active: true,
    application: null,
    business_profile: { headline: null, privacy_policy_url: null, terms_of_service_url: null },
    created: now,
    default_return_url: null,
    features: {
      customer_update: { allowed_updates: [], enabled: false },
      invoice_history: { enabled: true },
      payment_method_update: { enabled: false, payment_method_configuration: null },
      subscription_cancel: {
        cancellation_reason: { enabled: false, feedback_options: null, options: [] },
        enabled: false,
        mode: "at_period_end",
        proration_behavior: "none",
      },
      subscription_pause: { duration: { interval_options: [], type: "indefinite" }, enabled: false },
      subscription_update: {
        billing_cycle_anchor: null,
        default_allowed_updates: [],
        enabled: false,
        products: [],
        proration_behavior: "none",
        schedule_at_period_end: { conditions: [] },
        trial_update_behavior: "end_trial",
      },
    },
    is_default: isDefault,
    livemode: false,
    login_page: { enabled: false, url: null },
    metadata: {},
    name: null,
    updated: now,
  };
}

function getConfigurationOrThrow(sim: SimContext, id: string, param = "id"): PortalConfigurationObject {
  const configuration = sim.store.portalConfigurations.get(id);
  if (!configuration) throw resourceMissing("bpc", id, param);
  return configuration;
}

export const billingPortalRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/billing_portal/configurations",
    handle: ({ sim, body }) => {
      const input = parseParams(configurationCreateSchema, body);
      const isDefault = sim.store.portalConfigurations.size === 0;
      return sim.store.portalConfigurations.set(applyConfiguration(blankConfiguration(sim.now(), isDefault), input, sim.now()));
    },
  },
  {
    method: "GET",
    pattern: "/v1/billing_portal/configurations",
    handle: ({ sim, body }) => {
      const input = parseParams(
        z.strictObject({ ...paginationShape, active: boolParam.optional(), is_default: boolParam.optional() }),
        body,
      );
      const all = sim.store.portalConfigurations
        .newestFirst()
        .filter((c) => input.active === undefined || c.active === input.active)
        .filter((c) => input.is_default === undefined || c.is_default === input.is_default);
      return paginate(all, input, "/v1/billing_portal/configurations");
    },
  },
  {
    method: "GET",
    pattern: "/v1/billing_portal/configurations/:id",
    handle: ({ sim, params }) => getConfigurationOrThrow(sim, params.id),
  },
  {
    method: "POST",
    pattern: "/v1/billing_portal/configurations/:id",
    handle: ({ sim, params, body }) => {
      const input = parseParams(configurationUpdateSchema, body);
      const configuration = getConfigurationOrThrow(sim, params.id);
      return sim.store.portalConfigurations.set(applyConfiguration(configuration, input, sim.now()));
    },
  },
  {
    method: "POST",
    pattern: "/v1/billing_portal/sessions",
    handle: ({ sim, body, expand }) => {
      const input = parseParams(sessionCreateSchema, body);
      getCustomerOrThrow(sim, input.customer, "customer");
      const configuration = input.configuration
        ? getConfigurationOrThrow(sim, input.configuration, "configuration")
        : sim.store.portalConfigurations.values().find((c) => c.is_default);
      const configurationId = configuration?.id ?? sim.store.portalConfigurations.set(blankConfiguration(sim.now(), true)).id;
      const returnUrl = input.return_url ?? configuration?.default_return_url ?? null;
      if (!returnUrl) {
        throw invalidRequest("You must provide a `return_url` or set a default return URL on the portal configuration.", {
          param: "return_url",
        });
      }
      const id = newId("bps");
      const session: PortalSessionObject = {
        id,
        object: "billing_portal.session",
        configuration: configurationId,
        created: sim.now(),
        customer: input.customer,
        customer_account: null,
        flow: null,
        livemode: false,
        locale: null,
        on_behalf_of: null,
        return_url: returnUrl,
        url: `${sim.baseUrl()}/hosted/portal/${id}`,
      };
      sim.store.portalSessions.set(session);
      return expand(session, input.expand);
    },
  },
];
