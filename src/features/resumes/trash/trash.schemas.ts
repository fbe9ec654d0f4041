import * as z from "zod";
import { defineShape } from "../../../db/shape";
import type { TrashSummary } from "./trash.queries";

/** A deleted resume waiting in the trash: restorable until `purge_at`. */
export const trashShape = defineShape<{ [K in keyof TrashSummary]: TrashSummary[K] }>()({
  id: { column: "id", schema: z.number().int() },
  title: { column: "title", schema: z.string() },
  deleted_at: { column: "deletedAt", schema: z.string() },
  purge_at: { column: "purgeAt", schema: z.string() },
});
export const trashListSchema = z.array(trashShape.schema);
