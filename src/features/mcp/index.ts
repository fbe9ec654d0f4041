/** The MCP server (`POST /mcp`): its route, built over the app's route table. */
export { mcpRoutes, type RouteCatalog } from "./mcp.routes";
