import {
  type ApplicationMaterial,
  buildCoverLetterPrompt,
  buildTailorPrompt,
} from "../../../ai-providers/prompt";
import { validationError } from "../../../core/errors";
import { clipChars } from "../../../core/fields";
import type { Owned } from "../../../db/client";
import type { Deps } from "../../../deps";
import { overCap, RENDER_MAX_CHARS } from "../../../documents/limits";
import { matchScore } from "../../../matching/match";
import {
  activeModelExists,
  type Generation,
  INVALID_MODEL,
  prepareGeneration,
  type RequestFacts,
} from "../../ai";
import { generatedCoverLetter } from "../../cover-letters";
import { generatedResume, getResume } from "../../resumes";
import { NO_POSTING, NO_RESUME } from "../copilot/copilot.service";
import { linkedAsResumeUsed, notedOnTimeline } from "../job-applications.generated";
import { getJobApplication } from "../job-applications.service";
import type { CoverLetterInput, TailorInput } from "./writing.schemas";

export const RESUME_TOO_LONG = `This resume is too long to write from: at most ${RENDER_MAX_CHARS} characters.`;

type Application = Awaited<ReturnType<typeof getJobApplication>>;
type Resume = Awaited<ReturnType<typeof getResume>>;

/**
 * The application (`owned`) and the resume to write from, both the caller's (404 otherwise, a
 * missing one and another user's alike); then 400 when the posting is empty or no resume is
 * named or linked, with the model's error beside them as DRF reports every field. All before a
 * slot of the daily limit is taken.
 */
async function loadMaterial(
  deps: Deps,
  owned: Owned,
  input: { model: string; resume?: number | null | undefined },
) {
  const { db } = deps.database;
  const application = await getJobApplication(db, owned);
  const sourceId = input.resume ?? application.resumeUsedId;
  const resume =
    sourceId === null ? undefined : await getResume(db, { id: sourceId, userId: owned.userId });
  const posting = application.originalJobDescription?.trim() ?? "";
  const errors: Record<string, string[]> = {};
  if (posting === "") errors.original_job_description = [NO_POSTING];
  if (!resume) errors.resume = [NO_RESUME];
  // The resume goes to the model whole (a cut one would come back cut), so it has the renderers' cap.
  else if (overCap(resume.content)) errors.resume = [RESUME_TOO_LONG];
  if (resume && !errors.resume && posting !== "") return { application, resume, posting };
  if (!(await activeModelExists(db, { name: input.model }))) errors.model = [INVALID_MODEL];
  throw validationError(errors);
}

/** The posting and resume as the prompt builders take them (delimited there as untrusted). */
const material = (a: Application, r: Resume, posting: string): ApplicationMaterial => ({
  posting,
  jobTitle: a.jobTitle,
  companyName: a.companyName,
  resume: r.content,
});

/** What the letter or resume is for: the company, else the job title. */
const label = (a: Application) => a.companyName?.trim() || a.jobTitle?.trim() || "";

/** A tailored copy of a resume, saved as the caller's and made the application's resume_used. */
export async function prepareTailor(
  deps: Deps,
  facts: RequestFacts,
  owned: Owned,
  input: TailorInput,
) {
  const { application, resume, posting } = await loadMaterial(deps, owned, input);
  const about = label(application);
  const title =
    input.title ?? clipChars(`${resume.title} ${about ? `— ${about}` : "(tailored)"}`, 255);
  const gen = await prepareGeneration(deps, facts, {
    model: input.model,
    prompt: buildTailorPrompt(material(application, resume, posting)),
    save: linkedAsResumeUsed(generatedResume(title), application.id),
    kind: "tailor",
  });
  return { gen, posting, source: resume.content };
}

/**
 * The match score (0-100) of the source resume and of the tailored one, for the JSON answer
 * only (the stream's `done` has no room for it): milliseconds beside the model's seconds.
 */
export const tailorMatch = (t: { posting: string; source: string }, tailored: string) => ({
  before: matchScore(t.posting, t.source).score,
  after: matchScore(t.posting, tailored).score,
});

/** A cover letter for the application, from one of the caller's resumes. */
export async function prepareCoverLetter(
  deps: Deps,
  facts: RequestFacts,
  owned: Owned,
  input: CoverLetterInput,
): Promise<Generation> {
  const { application, resume, posting } = await loadMaterial(deps, owned, input);
  const about = label(application);
  return prepareGeneration(deps, facts, {
    model: input.model,
    prompt: buildCoverLetterPrompt(material(application, resume, posting)),
    save: notedOnTimeline(
      generatedCoverLetter(
        clipChars(about ? `Cover letter — ${about}` : "Cover letter", 255),
        application.id,
      ),
      application.id,
      "cover_letter_written",
      "cover_letter_id",
    ),
    kind: "cover_letter",
  });
}
