import * as z from "zod";
import { currentUser } from "../../../core/auth";
import { idParams, pathId } from "../../../core/http";
import { route } from "../../../route";
import { deliveryExample, deliveryListSchema, deliverySchema } from "../webhooks.schemas";
import { toDeliveryJson } from "../webhooks.serializers";
import { listDeliveries, retryDelivery } from "../webhooks.service";

const deliveryParams = z.object({ id: pathId, did: pathId });
const common = { tag: "webhooks", access: "bearer", tokenScope: "webhooks" } as const;

/** A webhook's delivery log, and a manual retry of one delivery. */
export const deliveryRoutes = [
  route(
    {
      ...common,
      operationId: "listWebhookDeliveries",
      method: "get",
      path: "/api/webhooks/{id}/deliveries/",
      params: idParams,
      summary: "A webhook's latest deliveries (newest first, at most 100)",
      responses: {
        200: {
          description: "The deliveries.",
          schema: deliveryListSchema,
          example: [deliveryExample],
        },
      },
    },
    async (c) => {
      const owned = { id: c.req.valid("param").id, userId: currentUser(c).id };
      const rows = await listDeliveries(c.get("reader"), owned);
      return c.json(rows.map(toDeliveryJson));
    },
  ),
  route(
    {
      ...common,
      operationId: "retryWebhookDelivery",
      method: "post",
      idempotent: true,
      path: "/api/webhooks/{id}/deliveries/{did}/retry/",
      params: deliveryParams,
      summary: "Deliver one delivery again (same `webhook-id`, a fresh set of attempts)",
      responses: {
        202: {
          description: "The delivery, pending and due now.",
          schema: deliverySchema,
          example: { ...deliveryExample, status: "pending", attempts: 0 },
        },
      },
    },
    async (c) => {
      const { id, did } = c.req.valid("param");
      const row = await retryDelivery(c.env.deps, { id, userId: currentUser(c).id }, did);
      return c.json(toDeliveryJson(row), 202);
    },
  ),
] as const;
