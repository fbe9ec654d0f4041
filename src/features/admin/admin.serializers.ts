import type { AiModelRow } from "./admin.queries";
import { type AiModelJson, aiModelShape } from "./admin.schemas";

export const toAiModelJson = (row: AiModelRow): AiModelJson => aiModelShape.serialize(row);
