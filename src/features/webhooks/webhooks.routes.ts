import { currentUser } from "../../core/auth";
import { idParams } from "../../core/http";
import { type RouteContext, type RouteSpec, route } from "../../route";
import {
  createdWebhookSchema,
  createWebhookSchema,
  deliveryExample,
  deliverySchema,
  patchWebhookSchema,
  webhookListSchema,
  webhookSchema,
} from "./webhooks.schemas";
import { toCreatedWebhookJson, toDeliveryJson, toWebhookJson } from "./webhooks.serializers";
import {
  changeWebhook,
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  pingWebhook,
} from "./webhooks.service";

export const webhookExample = {
  id: 3,
  url: "https://hooks.example.com/resumate",
  events: ["job_application.status_changed", "resume.updated"],
  description: "Status changes to my CRM",
  is_active: true,
  created_at: "2026-01-15T10:30:00.123456Z",
};
const one = {
  description: "The webhook.",
  schema: webhookSchema,
  example: webhookExample,
} as const;
const common = { tag: "webhooks", access: "bearer", tokenScope: "webhooks" } as const;

type ItemContext = RouteContext<
  RouteSpec & { path: "/api/webhooks/{id}/"; params: typeof idParams }
>;
const owned = (c: ItemContext) => ({ id: c.req.valid("param").id, userId: currentUser(c).id });

/** The caller's webhooks: Standard Webhooks signed POSTs of the events they subscribe to. */
export const webhookRoutes = [
  route(
    {
      ...common,
      operationId: "listWebhooks",
      method: "get",
      path: "/api/webhooks/",
      summary: "List your webhooks",
      responses: {
        200: {
          description: "Your webhooks.",
          schema: webhookListSchema,
          example: [webhookExample],
        },
      },
      index: { name: "webhooks" },
    },
    async (c) => {
      const rows = await listWebhooks(c.get("reader"), currentUser(c).id);
      return c.json(rows.map(toWebhookJson));
    },
  ),
  route(
    {
      ...common,
      operationId: "createWebhook",
      method: "post",
      idempotent: true,
      path: "/api/webhooks/",
      summary: "Create a webhook (its signing secret is shown in this answer only)",
      description:
        "`url`: `https://` to a public address (refused: private, loopback, link-local, shared, multicast and metadata addresses, a name resolving to one, credentials in the URL). `events`: the events to receive, `*` for all. At most 10 webhooks a user.",
      body: createWebhookSchema,
      bodyExample: {
        url: "https://hooks.example.com/resumate",
        events: ["job_application.status_changed"],
        description: "Status changes to my CRM",
      },
      responses: {
        201: {
          description:
            "The webhook, with its secret (`whsec_...`): keep it, it is not shown again.",
          schema: createdWebhookSchema,
          example: { ...webhookExample, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" },
        },
      },
    },
    async (c) => {
      const row = await createWebhook(c.env.deps, currentUser(c).id, c.req.valid("json"));
      return c.json(toCreatedWebhookJson(row), 201);
    },
  ),
  route(
    {
      ...common,
      operationId: "getWebhook",
      method: "get",
      path: "/api/webhooks/{id}/",
      params: idParams,
      summary: "Read one of your webhooks",
      responses: { 200: one },
    },
    async (c) => c.json(toWebhookJson(await getWebhook(c.get("reader"), owned(c)))),
  ),
  route(
    {
      ...common,
      operationId: "updateWebhook",
      method: "patch",
      path: "/api/webhooks/{id}/",
      params: idParams,
      summary: "Change a webhook's URL, events, description, or turn it on or off",
      body: patchWebhookSchema,
      bodyExample: { is_active: true },
      responses: { 200: one },
    },
    async (c) =>
      c.json(toWebhookJson(await changeWebhook(c.env.deps, owned(c), c.req.valid("json")))),
  ),
  route(
    {
      ...common,
      operationId: "deleteWebhook",
      method: "delete",
      path: "/api/webhooks/{id}/",
      params: idParams,
      summary: "Delete a webhook (and its delivery log)",
      responses: { 204: { description: "Deleted." } },
    },
    async (c) => {
      await deleteWebhook(c.env.deps, owned(c));
      return c.body(null, 204);
    },
  ),
  route(
    {
      ...common,
      operationId: "testWebhook",
      method: "post",
      idempotent: true,
      path: "/api/webhooks/{id}/test/",
      params: idParams,
      summary: "Send a `ping` event to a webhook",
      description:
        "The ping is delivered (and logged) as any event is; 400 when the webhook is off.",
      responses: {
        202: {
          description: "The ping's delivery, pending.",
          schema: deliverySchema,
          example: { ...deliveryExample, event: "ping", status: "pending", attempts: 0 },
        },
      },
      errors: [400],
    },
    async (c) => {
      const owned = { id: c.req.valid("param").id, userId: currentUser(c).id };
      return c.json(toDeliveryJson(await pingWebhook(c.env.deps, owned)), 202);
    },
  ),
] as const;
