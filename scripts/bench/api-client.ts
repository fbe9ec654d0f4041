/** A tiny JSON client for setting up bench data through the public API. */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

export async function api(
  base: string,
  method: string,
  path: string,
  opts: { json?: unknown; token?: string } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = {};
  if (opts.json !== undefined) headers["content-type"] = "application/json";
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: opts.json === undefined ? undefined : JSON.stringify(opts.json),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body };
}

export const PASSWORD = "Bench-Pass-2026-quartz";

export interface BenchUser {
  username: string;
  access: string;
  /** The user's id, read from the access token's `user_id` claim. */
  id: number;
}

/** Registers and signs in a fresh user; null when the auth endpoints are not there yet. */
export async function createUser(base: string, prefix: string): Promise<BenchUser | null> {
  const username = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const reg = await api(base, "POST", "/api/auth/register/", {
    json: { username, email: `${username}@bench.example`, password: PASSWORD, password2: PASSWORD },
  });
  if (reg.status !== 201) return null;
  const tok = await api(base, "POST", "/api/auth/token/", {
    json: { username, password: PASSWORD },
  });
  const access = (tok.body as { access?: unknown }).access;
  if (tok.status !== 200 || typeof access !== "string") return null;
  const claims = JSON.parse(Buffer.from(access.split(".")[1] ?? "", "base64url").toString());
  return { username, access, id: Number(claims.user_id) };
}

export const APPLICATION = {
  job_title: "Staff Engineer",
  company_name: "Bench Corp",
  original_job_description: "Own the platform's API and its performance budget.",
  status: "Applied",
  notes: "Created by the benchmark.",
};

export const GENERATE = {
  model: "Deepseek",
  user_input:
    "Eight years of TypeScript and PostgreSQL; led an API platform team; cut p99 latency by 60%.",
  title: "Bench resume",
};
