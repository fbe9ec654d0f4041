import { loadOnce } from "../../core/lazy";

/**
 * Django's four default AUTH_PASSWORD_VALIDATORS, in Django's order and wording. Lengths count
 * code points (Python's len), not UTF-16 units.
 */

export const PASSWORD_MESSAGES = {
  tooShort: (n: number) =>
    `This password is too short. It must contain at least ${n} character${n === 1 ? "" : "s"}.`,
  tooCommon: "This password is too common.",
  numeric: "This password is entirely numeric.",
  tooSimilar: (attribute: string) => `The password is too similar to the ${attribute}.`,
} as const;

export const MIN_PASSWORD_LENGTH = 8;
const MAX_SIMILARITY = 0.7;

/** The user attributes Django compares, with their verbose names. */
export interface PasswordUserAttributes {
  username?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
}

const ATTRIBUTES = [
  ["username", "username"],
  ["firstName", "first name"],
  ["lastName", "last name"],
  ["email", "email address"],
] as const;

const codePoints = (s: string) => Array.from(s);

/** difflib.SequenceMatcher(a, b).quick_ratio(): 2·|multiset(a) ∩ multiset(b)| / (|a| + |b|). */
export function quickRatio(a: string, b: string): number {
  const ca = codePoints(a);
  const cb = codePoints(b);
  const total = ca.length + cb.length;
  if (total === 0) return 1;
  const avail = new Map<string, number>();
  for (const ch of cb) avail.set(ch, (avail.get(ch) ?? 0) + 1);
  let matches = 0;
  for (const ch of ca) {
    const n = avail.get(ch) ?? 0;
    avail.set(ch, n - 1);
    if (n > 0) matches++;
  }
  return (2 * matches) / total;
}

/** Django skips values so much shorter than the password that they can never reach the bound. */
function exceedsMaximumLengthRatio(passwordLength: number, value: string): boolean {
  const valueLength = codePoints(value).length;
  return passwordLength >= 10 * valueLength && valueLength < (MAX_SIMILARITY / 2) * passwordLength;
}

const MAX_ATTRIBUTE_LENGTH = 254;

/** Python's `\W+` on str is Unicode-aware: anything but letters, numbers and `_` separates. */
const NON_WORD = /[^\p{L}\p{N}_]+/u;

export function similarAttribute(password: string, user: PasswordUserAttributes): string | null {
  const pw = password.toLowerCase();
  const pwLength = codePoints(pw).length;
  for (const [key, verboseName] of ATTRIBUTES) {
    const value = user[key];
    // Longer than any attribute's own field allows (email, 254): that field is already refused,
    // and DRF would not have compared it; comparing would cost O(n) of a 1 MiB value per part.
    if (!value || value.length > MAX_ATTRIBUTE_LENGTH) continue;
    const lower = value.toLowerCase();
    for (const part of [...lower.split(NON_WORD), lower]) {
      if (exceedsMaximumLengthRatio(pwLength, part)) continue;
      if (quickRatio(pw, part) >= MAX_SIMILARITY) return verboseName;
    }
  }
  return null;
}

/**
 * Django's list (~180 KiB of text) with the first password checked, not with the app: only a
 * registration, a password change and a share link's password need it, and a cold Worker
 * isolate would parse it at start-up (BENCHMARKS.md #34).
 */
const commonPasswords = loadOnce(() =>
  import("./common-passwords").then((m) => new Set(m.COMMON_PASSWORDS_TEXT.split("\n"))),
);

export async function isCommonPassword(password: string): Promise<boolean> {
  return (await commonPasswords()).has(password.toLowerCase().trim());
}

/** Every failing validator's message, as Django's validate_password collects them. */
export async function validatePassword(
  password: string,
  user: PasswordUserAttributes = {},
): Promise<string[]> {
  const errors: string[] = [];
  const similar = similarAttribute(password, user);
  if (similar) errors.push(PASSWORD_MESSAGES.tooSimilar(similar));
  if (codePoints(password).length < MIN_PASSWORD_LENGTH) {
    errors.push(PASSWORD_MESSAGES.tooShort(MIN_PASSWORD_LENGTH));
  }
  if (await isCommonPassword(password)) errors.push(PASSWORD_MESSAGES.tooCommon);
  if (/^\p{Nd}+$/u.test(password)) errors.push(PASSWORD_MESSAGES.numeric);
  return errors;
}
