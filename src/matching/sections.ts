/**
 * How much a line of a posting counts, from the section it is in ("Requirements" 2, "Nice to
 * have" 0.5, "Benefits" 0.25, anything else 1) and from what the line itself says ("... is a
 * plus", "... required").
 */
export const WEIGHT = { required: 2, neutral: 1, preferred: 0.5, aside: 0.25 } as const;

const PREFERRED =
  /\b(nice[ -]to[ -]haves?|preferred|bonus(es)?|pluses|a plus|desirable|desired|good[ -]to[ -]haves?|optional|extra credit|ideally|not required)\b/;
const ASIDE =
  /\b(benefits?|perks|about us|about the company|who we are|what we offer|we offer|compensation|salary|pay|equal opportunit\w*|eeo|why join|why work|our culture|culture|life at|how to apply|location)\b/;
const REQUIRED =
  /\b(requirements?|required|must[ -]haves?|must|qualifications?|what you('ll| will)? need|what we('re| are)? looking for|looking for|who you are|you have|you bring|what you bring|skills|experience|minimum|essential|key skills|profile|your background|tech stack|technologies|stack)\b/;
const NEUTRAL =
  /\b(responsibilities|what you('ll| will)? do|about the role|the role|your role|role|duties|overview|description|about the job|your impact|day[ -]to[ -]day|the job|position|mission|team)\b/;

const CUES: readonly [RegExp, number][] = [
  [PREFERRED, WEIGHT.preferred],
  [ASIDE, WEIGHT.aside],
  [REQUIRED, WEIGHT.required],
  [NEUTRAL, WEIGHT.neutral],
];

/** Words a heading may carry beside its cue ("Our", "Key", "Technical", "&"). */
const HEADING_FILLER = new Set(
  "our the your you key technical basic additional core main job what who we are and or of for a an to in & ideal candidate".split(
    " ",
  ),
);

export interface Heading {
  /** The weight of the section it opens (or of its own line, when text follows the colon). */
  readonly weight: number;
  /** Text after "Heading:" on the same line; empty for a heading alone on its line. */
  readonly rest: string;
}

/**
 * A line that opens a section: "Requirements:", "## Nice to have", "**Benefits**", "WHAT YOU'LL
 * NEED", or a short line that is nothing but a cue ("Preferred qualifications"). A line such as
 * "Experience with Python" is content: it says more than its cue.
 */
export function headingOf(line: string): Heading | null {
  const trimmed = line.trim();
  if (trimmed.length === 0 || trimmed.length > 120) return null;
  const bullet = /^([-*•·]|\d+[.)])\s/.test(trimmed);
  const marked = /^#{1,6}\s/.test(trimmed) || /^(\*\*|__).+(\*\*|__):?$/.test(trimmed);
  const text = trimmed.replace(/^[#*_\-•·>\s]+/, "").replace(/(?<![*_\s])[*_\s]+$/, "");
  const colon = text.indexOf(":");
  const head = (colon >= 0 ? text.slice(0, colon) : text).replace(/(?<![*_])[*_]+$/, "").trim();
  const rest = colon >= 0 ? text.slice(colon + 1) : "";
  if (head.length === 0 || head.length > 60 || head.split(/\s+/).length > 6) return null;
  const lower = head.toLowerCase().replace(/’/g, "'");
  const cue = CUES.find(([re]) => re.test(lower));
  if (!cue) return null;
  const upper = /\p{L}/u.test(head) && head === head.toUpperCase();
  if (colon >= 0 || marked) return { weight: cue[1], rest };
  return !bullet && (upper || onlyCues(lower)) ? { weight: cue[1], rest } : null;
}

// Spelled out (not mapped from CUES) so that the regex check of npm run lint can read it.
const ANY_CUE = new RegExp(
  `${PREFERRED.source}|${ASIDE.source}|${REQUIRED.source}|${NEUTRAL.source}`,
  "g",
);

/** Whether the line is cues and filler only ("Preferred qualifications", "Skills & experience"). */
function onlyCues(lower: string): boolean {
  const left = lower.replace(ANY_CUE, " ").split(/[^a-z'&]+/);
  return left.every((w) => w === "" || HEADING_FILLER.has(w));
}

const LINE_PREFERRED =
  /\b(nice to have|is a plus|are a plus|a big plus|bonus|preferred|ideally|desirable|not required)\b/;
const LINE_REQUIRED = /\b(required|must|mandatory|essential)\b/;

/** A content line's weight within its section. */
export function lineWeight(line: string, section: number): number {
  const lower = line.toLowerCase();
  if (LINE_PREFERRED.test(lower)) return Math.min(section, WEIGHT.preferred);
  if (LINE_REQUIRED.test(lower)) return Math.max(section, WEIGHT.required);
  return section;
}
