/**
 * The ops feature: `/health`, `/ready`, the `/api/` index, the OpenAPI document and the reference
 * page. Its routes take the catalog of every route (they describe the whole API).
 */
export { docsRoutes } from "./docs.routes";
export { opsRoutes } from "./ops.routes";
export type { ApiCatalog } from "./ops.service";
