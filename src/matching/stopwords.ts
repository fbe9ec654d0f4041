/**
 * Words that never make a keyword of their own: English function words and the filler every
 * posting repeats ("experience", "team", "strong", "years"). Lower case, each form listed (the
 * check is on the word as written, so "experiment" is not taken for "experience").
 */
const ENGLISH = `a about above after again against all almost also although always am among an and any
are aren around as at be became because become becomes been before being below between both but by can
cannot could couldn d did didn do does doesn doing don down during each either else etc even ever every
few for from further get gets getting got had hadn has hasn have haven having he her here hers herself
him himself his how however i if in into is isn it its itself just ll m may me might more most much
must mustn my myself need needs no nor not now of off often on once one only onto or other others our
ours ourselves out over own per please quite rather re really s same shall she should shouldn since so
some such t than that the their theirs them themselves then there these they this those though through
thus to too toward towards under until up upon us ve very via was wasn we were weren what whatever
when where whether which while who whom whose why will with within without won would wouldn y yet you
your yours yourself yourselves e g ie eg vs i.e etc`;

const POSTING = `ability able across additional apply applying applicant applicants based benefit
benefits best bonus build building candidate candidates care career closely company competitive
contribute day days deep degree demonstrated desired detail different do drive driven dynamic
eager effective effectively employee employees employer employment ensure environment equal etc
excellent exceptional excited exciting expect experience experienced experiences expertise
familiar familiarity fast field full go good great grow growing hands help helping high highly hire hiring
ideal ideally impact include includes including join key know knowledge large level like looking
love make makes making manage managing many minimum nice new opportunities opportunity part passion
passionate people plus position preferred proficiency proficient proven qualification
qualifications related relevant required requirement requirements responsibilities responsibility
responsible role roles seeking senior junior mid similar skill skills solid solutions strong
success successful take team teams time times today understanding use used using variety want
way ways well will wide willing work worked working works world year years yrs`;

export const STOP_WORDS: ReadonlySet<string> = new Set(
  `${ENGLISH} ${POSTING}`.split(/\s+/).filter(Boolean),
);
