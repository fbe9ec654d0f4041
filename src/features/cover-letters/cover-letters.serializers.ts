import type { CoverLetterRow } from "./cover-letters.queries";
import { type CoverLetterJson, coverLetterShape } from "./cover-letters.schemas";

export const toCoverLetterJson = (row: CoverLetterRow): CoverLetterJson =>
  coverLetterShape.serialize(row);
