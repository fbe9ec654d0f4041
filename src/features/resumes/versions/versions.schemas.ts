import * as z from "zod";
import { pathId } from "../../../core/http";
import { defineShape } from "../../../db/shape";
import type { VersionRow, VersionSummary } from "./versions.queries";

/** One entry of a resume's history: `size` is the content's length in characters (code points). */
export const versionSummaryShape = defineShape<{
  [K in keyof VersionSummary]: VersionSummary[K];
}>()({
  id: { column: "id", schema: z.number().int() },
  title: { column: "title", schema: z.string() },
  created_at: { column: "createdAt", schema: z.string() },
  size: { column: "size", schema: z.number().int() },
});
export const versionListSchema = z.array(versionSummaryShape.schema);

/** An earlier state of a resume, whole. */
export const versionShape = defineShape<VersionRow>()({
  id: { column: "id", schema: z.number().int() },
  title: { column: "title", schema: z.string() },
  content: { column: "content", schema: z.string() },
  created_at: { column: "createdAt", schema: z.string() },
});
export const versionSchema = versionShape.schema;

/** `/api/resumes/{id}/versions/{vid}/`: both ids, each DRF's 404 when it cannot be one. */
export const versionParams = z.object({ id: pathId, vid: pathId });
