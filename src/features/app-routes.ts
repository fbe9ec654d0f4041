import { loadOnce } from "../core/lazy";
import { type AnyRoute, lazyRoutes, loadRoutes, type RouteEntry } from "../route";
import { authRoutes } from "./auth";
import { LAZY_ROUTE_MANIFEST } from "./lazy-routes.manifest";
import { type ApiCatalog, docsRoutes, opsRoutes } from "./ops";
import { resumeRoutes } from "./resumes";

/**
 * What the app mounts: `apiRoutes` (./index.ts) in its order, with the operations a request rarely
 * needs behind a dynamic `import()`, each group's module loaded with the first request to one of
 * its operations. A cold Worker isolate then evaluates (and builds the zod schemas and queries
 * of) the sign-in, the resumes' own operations and ops only (BENCHMARKS.md #34); on Node the
 * entry loads every group before it reports ready. A feature's rarely used sub-resources are
 * groups too, loaded through its second face (`<feature>/deferred.ts`: tokens, the account
 * export, the resumes' trash, files, versions, share links and their page, the webhooks'
 * endpoints and deliveries); the services other code needs stay on its index.ts. The stubs
 * (mount, access, exposed headers) are the generated manifest (`npm run routes:manifest`);
 * test/unit/route-manifest.test.ts holds it, the groups and `apiRoutes` together.
 */
export const LAZY_GROUPS = {
  accountExport: () => import("./auth/deferred").then((m) => m.accountExportRoutes),
  tokens: () => import("./auth/deferred").then((m) => m.tokenRoutes),
  resumeTrash: () => import("./resumes/deferred").then((m) => m.trashRoutes),
  resumeFiles: () => import("./resumes/deferred").then((m) => m.resumeFileRoutes),
  resumeVersions: () => import("./resumes/deferred").then((m) => m.versionRoutes),
  resumeShares: () => import("./resumes/deferred").then((m) => m.shareRoutes),
  jobApplications: () => import("./job-applications").then((m) => m.jobApplicationRoutes),
  interviews: () => import("./interviews").then((m) => m.interviewRoutes),
  reminders: () => import("./reminders").then((m) => m.reminderRoutes),
  contacts: () => import("./contacts").then((m) => m.contactRoutes),
  calendar: () => import("./calendar").then((m) => m.calendarRoutes),
  coverLetters: () => import("./cover-letters").then((m) => m.coverLetterRoutes),
  examples: () => import("./examples").then((m) => m.exampleRoutes),
  ai: () => import("./ai").then((m) => m.aiRoutes),
  generations: () => import("./ai").then((m) => m.generationRoutes),
  webhooks: () => import("./webhooks/deferred").then((m) => m.webhookRoutes),
  webhookDeliveries: () => import("./webhooks/deferred").then((m) => m.deliveryRoutes),
  admin: () => import("./admin").then((m) => m.adminRoutes),
  sharedPage: () => import("./resumes/deferred").then((m) => m.sharedPageRoutes),
  mcp: () => import("./mcp").then((m) => m.mcpRoutes(catalog)),
} satisfies Record<string, () => Promise<readonly AnyRoute[]>>;

export type LazyGroup = keyof typeof LAZY_GROUPS;

const lazy = (name: LazyGroup) => lazyRoutes(LAZY_ROUTE_MANIFEST[name], LAZY_GROUPS[name]);

/** The document is built from every route, the lazy ones loaded (and its module on first use). */
const loadDocument = loadOnce(() => import("./openapi"));

const catalog: ApiCatalog = {
  routes: () => allRoutes(),
  document: async () => (await loadDocument()).buildApiDocument(await allRoutes()),
};

export const appRoutes: readonly RouteEntry[] = [
  ...opsRoutes(catalog),
  ...authRoutes,
  lazy("accountExport"),
  lazy("tokens"),
  lazy("resumeTrash"),
  lazy("resumeFiles"),
  ...resumeRoutes,
  lazy("resumeVersions"),
  lazy("resumeShares"),
  lazy("jobApplications"),
  lazy("interviews"),
  lazy("reminders"),
  lazy("contacts"),
  lazy("calendar"),
  lazy("coverLetters"),
  lazy("examples"),
  lazy("ai"),
  lazy("generations"),
  lazy("webhooks"),
  lazy("webhookDeliveries"),
  lazy("admin"),
  ...docsRoutes(catalog),
  lazy("sharedPage"),
  lazy("mcp"),
];

/** Every operation, every lazy group loaded: the catalog's, and the Node entry's before ready. */
export const allRoutes = loadOnce(() => loadRoutes(appRoutes));
