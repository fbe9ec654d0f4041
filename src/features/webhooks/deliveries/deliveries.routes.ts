import { z } from "zod";
import { currentUser } from "../../../core/auth";
import { idParams, pathId } from "../../../core/http";
import { route } from "../../../route";
import { deliveryListSchema } from "../webhooks.schemas";
import { toDeliveryJson } from "../webhooks.serializers";
import { listDeliveries, retryDelivery } from "../webhooks.service";

const deliveryParams = z.object({ id: pathId, did: pathId });
const common = { tag: "webhooks", access: "bearer" } as const;

const deliveryExample = {
  id: 41,
  event: "job_application.status_changed",
  status: "delivered",
  attempts: 1,
  response_status: 200,
  response_excerpt: "ok",
  last_error: null,
  next_attempt_at: null,
  created_at: "2026-01-15T10:30:00.123Z",
  delivered_at: "2026-01-15T10:30:00.456Z",
};

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
      path: "/api/webhooks/{id}/deliveries/{did}/retry/",
      params: deliveryParams,
      summary: "Deliver one delivery again (same `webhook-id`, a fresh set of attempts)",
      responses: { 202: { description: "The delivery is due now." } },
    },
    async (c) => {
      const { id, did } = c.req.valid("param");
      await retryDelivery(c.env.deps, { id, userId: currentUser(c).id }, did);
      return c.body(null, 202);
    },
  ),
] as const;
