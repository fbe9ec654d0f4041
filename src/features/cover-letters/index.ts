/**
 * The cover-letters feature (`/api/cover-letters/**`, its export included): what the rest of the
 * app may use. Letters are written by job-applications/writing/, which reads them back here.
 */
export { generatedCoverLetter } from "./cover-letters.generated";
export { coverLetterExample, coverLetterRoutes } from "./cover-letters.routes";
export { coverLetterSchema } from "./cover-letters.schemas";
export { toCoverLetterJson } from "./cover-letters.serializers";
export { getCoverLetter } from "./cover-letters.service";
