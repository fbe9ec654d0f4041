import { buildIntakePrompt } from "../../../ai-providers/prompt";
import { fieldError } from "../../../core/errors";
import { loadOnce } from "../../../core/lazy";
import type { Db, Owned } from "../../../db/client";
import type { Deps } from "../../../deps";
import { matchScore } from "../../../matching/match";
import type { PostingDraft } from "../../../posting-intake/intake";
import {
  fillDraft,
  MODEL_FIELDS,
  missingFields,
  modelFields,
} from "../../../posting-intake/intake-model";
import {
  activeModelExists,
  type Generation,
  INVALID_MODEL,
  prepareGeneration,
  type RequestFacts,
  saveNothing,
} from "../../ai";
import { getResume } from "../../resumes";
import { createJobApplication, getJobApplication } from "../job-applications.service";
import type { IntakeInput, MatchInput } from "./copilot.schemas";

/**
 * The posting reader and its HTML parser (htmlparser2, whose entity tables take ~10 ms to build)
 * load with the first intake, not with the app (BENCHMARKS.md #26).
 */
const intake = loadOnce(() => import("../../../posting-intake/intake"));

/** The wording of these two 400s, shared by the match, the tailor and the cover letter. */
export const NO_POSTING = "The application has no job description.";
export const NO_RESUME = "No resume given, and the application has no resume_used.";

/**
 * The match score of an application's posting against a resume (the one given, else the
 * application's `resume_used`). Another user's application or resume is 404, as a missing one.
 */
export async function matchApplication(reader: Db, owned: Owned, input: MatchInput) {
  const app = await getJobApplication(reader, owned);
  const posting = app.originalJobDescription;
  if (!posting?.trim()) throw fieldError("original_job_description", NO_POSTING);
  const resumeId = input.resume ?? app.resumeUsedId;
  if (resumeId === null) throw fieldError("resume", NO_RESUME);
  const { content } = await getResume(reader, { id: resumeId, userId: owned.userId });
  return { ...matchScore(posting, content), resume_id: resumeId };
}

/**
 * The draft a posting gives (nothing is stored) and, when `model` is given and the parse left any
 * of the title, company, location or salary null, the generation that asks the model for them:
 * reserved under the model's daily limit, as every AI answer (429, 503, an unknown model 400).
 * With nothing missing no model is called, but an unknown one is still a 400.
 */
export async function prepareIntake(
  deps: Deps,
  facts: RequestFacts,
  input: IntakeInput,
): Promise<{ draft: PostingDraft; gen?: Generation }> {
  const { readPosting } = await intake();
  const { draft, text } = readPosting(
    input.html !== undefined
      ? { html: input.html, source_url: input.source_url }
      : { text: input.text ?? "", source_url: input.source_url },
  );
  if (input.model === undefined) return { draft };
  if (missingFields(draft).length === 0) {
    if (!(await activeModelExists(deps.database.db, { name: input.model }))) {
      throw fieldError("model", INVALID_MODEL);
    }
    return { draft };
  }
  const gen = await prepareGeneration(deps, facts, {
    model: input.model,
    prompt: buildIntakePrompt(text, MODEL_FIELDS),
    save: saveNothing,
    kind: "intake",
  });
  return { draft, gen };
}

/** The model's answer fills only what the parse left null; an unusable answer fills nothing. */
export const completeDraft = (draft: PostingDraft, answer: string): PostingDraft =>
  fillDraft(draft, modelFields(answer));

/** What has no column of its own goes into the notes, one "Label: value" line each. */
function draftNotes(draft: PostingDraft): string | null {
  const lines = [
    draft.location ? `Location: ${draft.location}` : null,
    draft.salary ? `Salary: ${draft.salary}` : null,
    draft.source_url ? `Source: ${draft.source_url}` : null,
  ].filter((l): l is string => l !== null);
  return lines.length > 0 ? lines.join("\n") : null;
}

/** The draft saved as the caller's new application (status Applied), as POST /api/job-applications/ would. */
export function saveDraft(deps: Deps, userId: number, draft: PostingDraft) {
  return createJobApplication(deps, userId, {
    job_title: draft.job_title,
    company_name: draft.company_name,
    original_job_description: draft.original_job_description,
    status: "Applied",
    notes: draftNotes(draft),
  });
}
