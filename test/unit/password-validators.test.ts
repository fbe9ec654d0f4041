import { describe, expect, it } from "vitest";
import {
  isCommonPassword,
  quickRatio,
  similarAttribute,
  validatePassword,
} from "../../src/features/auth/password-validators";

const SHORT = "This password is too short. It must contain at least 8 characters.";
const COMMON = "This password is too common.";
const NUMERIC = "This password is entirely numeric.";

describe("quickRatio (difflib.SequenceMatcher.quick_ratio)", () => {
  // Expected values printed by CPython's difflib.
  it.each([
    ["a", "aaaaaaaaaa", 0.18181818181818182],
    ["abcd", "bcde", 0.75],
    ["password", "drowssap", 1],
    ["alice2024", "alice", 0.7142857142857143],
    ["résumé", "resume", 0.6666666666666666],
    ["", "", 1],
    ["xyz", "abc", 0],
    ["aab", "abb", 0.6666666666666666],
  ])("quick_ratio(%j, %j) = %d", (a, b, expected) => {
    expect(quickRatio(a, b)).toBeCloseTo(expected, 12);
  });
});

describe("UserAttributeSimilarityValidator", () => {
  // Expected attributes computed with Django 3.2.25's algorithm in CPython.
  it.each([
    ["johnsmith99", { username: "john.smith", email: "x@y.io" }, "username"],
    ["Xk9#mQ2!pL", { username: "john.smith", email: "jsmith@example.com" }, null],
    ["examplecom1", { username: "bob", email: "bob@example.com" }, "email address"],
    ["bobbobbob1", { username: "bob", email: "z@q.zz" }, null],
    // Much longer than the value: skipped without matching (Django's length-ratio shortcut).
    ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", { username: "ab" }, null],
    ["elpmaxe_uoy", { username: "you_example" }, "username"],
    ["müllerpass", { username: "müller" }, "username"],
  ])("%s against %j → %s", (password, user, expected) => {
    expect(similarAttribute(password, user)).toBe(expected);
  });

  it("checks first and last names too", () => {
    expect(similarAttribute("Bartholomew7", { firstName: "Bartholomew" })).toBe("first name");
    expect(similarAttribute("Fitzgerald!", { lastName: "Fitzgerald" })).toBe("last name");
  });
});

describe("validatePassword", () => {
  it("accepts a strong password", async () => {
    expect(
      await validatePassword("Tr0ub4dor&3xyz", { username: "alice", email: "a@b.co" }),
    ).toEqual([]);
  });

  it("collects every failing validator, in Django's order", async () => {
    expect(await validatePassword("1234567")).toEqual([SHORT, COMMON, NUMERIC]);
    expect(await validatePassword("12345678")).toEqual([COMMON, NUMERIC]);
    expect(await validatePassword("83920174")).toEqual([NUMERIC]);
    expect(await validatePassword("zq", { username: "zq" })).toEqual([
      "The password is too similar to the username.",
      SHORT,
    ]);
  });

  it("uses Django's common-password list, case-insensitively and trimmed", async () => {
    for (const pw of ["password", "Password1", "QWERTYUIOP", "letmein", "iloveyou", " dragon "]) {
      expect(await isCommonPassword(pw)).toBe(true);
    }
    expect(await isCommonPassword("resumate-pass-1")).toBe(false);
    expect(await validatePassword("Password1")).toEqual([COMMON]);
  });

  it("counts code points as Python's len does", async () => {
    expect(await validatePassword("😀😀😀😀ab")).toEqual([SHORT]); // 6 code points, 10 UTF-16 units
    expect(await validatePassword("😀😀😀😀abcd")).toEqual([]);
  });
});

describe("similarity with an attribute longer than its field allows", () => {
  it("is not compared (its field is refused anyway; a 1 MiB username cost the event loop ~200 ms)", () => {
    const long = `${"q".repeat(300)}Zx9!`;
    expect(similarAttribute(long, { username: long })).toBeNull();
    const fits = long.slice(0, 254);
    expect(similarAttribute(fits, { username: fits })).toBe("username");
  });
});
