/** The admin feature (`/api/admin/**`, staff only): its routes and the AI model schema. */
export { adminRoutes } from "./admin.routes";
export { aiModelSchema } from "./admin.schemas";
