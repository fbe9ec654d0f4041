/** The parts of a JSON Resume 1.0 document that an import writes into Markdown. */
type Text = string | undefined;
type Texts = readonly string[] | undefined;

export interface JsonResumeLocation {
  readonly address?: Text;
  readonly postalCode?: Text;
  readonly city?: Text;
  readonly countryCode?: Text;
  readonly region?: Text;
}

export interface JsonResumeBasics {
  readonly name?: Text;
  readonly label?: Text;
  readonly email?: Text;
  readonly phone?: Text;
  readonly url?: Text;
  readonly summary?: Text;
  readonly location?: JsonResumeLocation | undefined;
  readonly profiles?: ReadonlyArray<{ network?: Text; username?: Text; url?: Text }> | undefined;
}

/** Work and volunteering share a shape but for the organisation's key. */
export interface JsonResumeRole {
  readonly name?: Text;
  readonly organization?: Text;
  readonly position?: Text;
  readonly location?: Text;
  readonly url?: Text;
  readonly startDate?: Text;
  readonly endDate?: Text;
  readonly summary?: Text;
  readonly description?: Text;
  readonly highlights?: Texts;
}

export interface JsonResume {
  readonly basics?: JsonResumeBasics | undefined;
  readonly work?: readonly JsonResumeRole[] | undefined;
  readonly volunteer?: readonly JsonResumeRole[] | undefined;
  readonly education?:
    | ReadonlyArray<{
        institution?: Text;
        url?: Text;
        area?: Text;
        studyType?: Text;
        startDate?: Text;
        endDate?: Text;
        score?: Text;
        courses?: Texts;
      }>
    | undefined;
  readonly awards?:
    | ReadonlyArray<{ title?: Text; date?: Text; awarder?: Text; summary?: Text }>
    | undefined;
  readonly certificates?:
    | ReadonlyArray<{ name?: Text; date?: Text; url?: Text; issuer?: Text }>
    | undefined;
  readonly publications?:
    | ReadonlyArray<{
        name?: Text;
        publisher?: Text;
        releaseDate?: Text;
        url?: Text;
        summary?: Text;
      }>
    | undefined;
  readonly skills?: ReadonlyArray<{ name?: Text; level?: Text; keywords?: Texts }> | undefined;
  readonly languages?: ReadonlyArray<{ language?: Text; fluency?: Text }> | undefined;
  readonly interests?: ReadonlyArray<{ name?: Text; keywords?: Texts }> | undefined;
  readonly references?: ReadonlyArray<{ name?: Text; reference?: Text }> | undefined;
  readonly projects?:
    | ReadonlyArray<{
        name?: Text;
        description?: Text;
        highlights?: Texts;
        keywords?: Texts;
        startDate?: Text;
        endDate?: Text;
        url?: Text;
      }>
    | undefined;
  readonly meta?:
    | { readonly sections?: ReadonlyArray<{ name?: Text; content?: Text }> | undefined }
    | undefined;
}
