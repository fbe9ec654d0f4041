/** What other features may use of the resumes feature. */
export { keepResumeVersion } from "./versions/versions.queries";
