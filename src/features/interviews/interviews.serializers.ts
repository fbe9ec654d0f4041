import type { InterviewRow } from "./interviews.queries";
import { type InterviewJson, interviewShape } from "./interviews.schemas";

export const toInterviewJson = (row: InterviewRow): InterviewJson => interviewShape.serialize(row);
