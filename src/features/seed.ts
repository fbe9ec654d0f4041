import { and, eq, sql } from "drizzle-orm";
import type { Hasher } from "../core/passwords";
import { hashPassword } from "../core/passwords";
import type { Db } from "../db/client";
import { aiModel, authUser, jobApplication } from "../db/schema";

export const EXAMPLE_USERNAME = "example_user";
export const ANONYMOUS_USERNAME = "anonymous_user";

/** Who owns what a caller makes: the user, or for anonymous callers the seeded anonymous user. */
export const userOrAnonymousSql = (userId: number | null) =>
  sql`coalesce(${userId}::int,
    (select ${authUser.id} from ${authUser} where ${authUser.username} = ${ANONYMOUS_USERNAME}))`;

export const SEED_MODELS = [
  {
    displayName: "Gemini",
    modelName: "gemini-2.0-flash-exp",
    apiProvider: "google_gemini",
    apiKeyName: "GEMINI_API_KEY",
    loginRequired: true,
    dailyLimit: 5,
    responseTimeInfo: "Fast (~5-10 seconds)",
    description: "Google's Gemini 2.0 Flash: quick, well-structured resumes.",
  },
  {
    displayName: "Deepseek",
    modelName: "deepseek/deepseek-r1",
    apiProvider: "open_router",
    apiKeyName: "OPENROUTER_API_KEY",
    loginRequired: false,
    dailyLimit: 0,
    responseTimeInfo: "Slow (~30-60 seconds)",
    description: "DeepSeek R1 through OpenRouter: careful reasoning, longer wait.",
  },
  {
    displayName: "Cypher",
    modelName: "teknium/openhermes-2.5",
    apiProvider: "open_router",
    apiKeyName: "OPENROUTER_API_KEY",
    loginRequired: false,
    dailyLimit: 0,
    responseTimeInfo: "Medium (~10-20 seconds)",
    description: "OpenHermes 2.5 through OpenRouter: a capable open model.",
  },
] as const;

const EXAMPLES = [
  {
    jobTitle: "Senior Frontend Engineer",
    companyName: "Northwind Analytics",
    status: "Interviewing",
    dateApplied: "2026-01-12",
    originalJobDescription:
      "Build and own our React/TypeScript dashboard used by 40k analysts. You will lead the design system, mentor two engineers and work closely with product on performance and accessibility.",
    notes: "Recruiter screen done; technical interview scheduled with the platform team.",
  },
  {
    jobTitle: "Backend Developer (Python)",
    companyName: "Fjord Logistics",
    status: "Applied",
    dateApplied: "2026-01-20",
    originalJobDescription:
      "Design REST APIs in Django for our shipment-tracking platform, own PostgreSQL schemas and queues, and keep p99 latency under 200 ms as volume doubles this year.",
    notes: "Referred by a former colleague.",
  },
  {
    jobTitle: "Data Analyst",
    companyName: "Helios Energy",
    status: "Offer",
    dateApplied: "2025-12-02",
    originalJobDescription:
      "Turn grid and sensor data into weekly reports and forecasts with SQL, Python and Looker; present findings to operations leadership.",
    notes: "Offer received; negotiating start date and remote days.",
  },
  {
    jobTitle: "DevOps Engineer",
    companyName: "Quantum Retail",
    status: "Rejected",
    dateApplied: "2025-11-18",
    originalJobDescription:
      "Run Kubernetes clusters on AWS, maintain Terraform modules and CI/CD pipelines, and lead incident response for 120 microservices.",
    notes: "Rejected after final round; feedback: more on-call leadership experience wanted.",
  },
  {
    jobTitle: "Product Designer",
    companyName: "Lumen Health",
    status: "Applied",
    dateApplied: "2026-02-03",
    originalJobDescription:
      "Shape patient-facing mobile flows end to end: research, wireframes, prototypes in Figma and usability testing with clinicians.",
    notes: "Portfolio sent with the application.",
  },
] as const;

export interface SeedOptions {
  hasher: Hasher;
  superuser?: { username: string; email: string; password: string };
}

async function ensureInactiveUser(db: Db, username: string): Promise<number> {
  await db
    .insert(authUser)
    .values({ username, password: "!unusable", isActive: false, email: "" })
    .onConflictDoNothing({ target: authUser.username });
  const [row] = await db
    .select({ id: authUser.id })
    .from(authUser)
    .where(eq(authUser.username, username));
  if (!row) throw new Error(`seed: ${username} missing`);
  return row.id;
}

/** Idempotent: running it twice (or on a Django database) adds nothing twice. */
export async function seedDatabase(db: Db, opts: SeedOptions): Promise<void> {
  await db.transaction(async (tx) => {
    for (const m of SEED_MODELS) {
      const [existing] = await tx
        .select({ id: aiModel.id })
        .from(aiModel)
        .where(sql`lower(${aiModel.displayName}) = lower(${m.displayName})`);
      // The case-insensitive unique index settles concurrent first starts.
      if (!existing)
        await tx
          .insert(aiModel)
          .values({ ...m, isActive: true })
          .onConflictDoNothing();
    }
    const exampleId = await ensureInactiveUser(tx, EXAMPLE_USERNAME);
    await ensureInactiveUser(tx, ANONYMOUS_USERNAME);
    const [count] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(jobApplication)
      .where(and(eq(jobApplication.userId, exampleId), eq(jobApplication.isExample, true)));
    if ((count?.n ?? 0) === 0) {
      await tx
        .insert(jobApplication)
        .values(EXAMPLES.map((e) => ({ ...e, userId: exampleId, isExample: true })));
    }
  });
  if (opts.superuser) {
    const su = opts.superuser;
    const [exists] = await db
      .select({ id: authUser.id })
      .from(authUser)
      .where(eq(authUser.username, su.username));
    if (!exists) {
      const password = await hashPassword(opts.hasher, su.password);
      await db
        .insert(authUser)
        .values({
          username: su.username,
          email: su.email,
          password,
          isStaff: true,
          isSuperuser: true,
        })
        .onConflictDoNothing({ target: authUser.username });
    }
  }
}
