import type { Context } from "hono";
import type { CoreEnv } from "./types";

/**
 * What absolute links (pagination `next`/`previous`, the API root) start with: PUBLIC_URL when
 * set; else the request's own origin, but only when its host is in ALLOWED_HOSTS, because Host
 * is whatever the client sends (`Host: evil.example` must never come back in a body); else ""
 * (relative links). Django answers 400 to such a Host instead; only these links depend on it,
 * and a 400 would also refuse a load balancer's probe by IP.
 */
export function linkBase<E extends CoreEnv>(c: Context<E>): string {
  const { PUBLIC_URL, ALLOWED_HOSTS } = c.env.deps.config;
  if (PUBLIC_URL) return PUBLIC_URL;
  const url = new URL(c.req.url);
  return hostAllowed(url.hostname, ALLOWED_HOSTS) ? url.origin : "";
}

/** Django's ALLOWED_HOSTS matching: exact names, `.example.com` for it and its subdomains, `*`. */
export function hostAllowed(hostname: string, allowed: readonly string[]): boolean {
  const host = hostname.toLowerCase();
  return allowed.some((pattern) => {
    if (pattern === "*") return true;
    if (pattern.startsWith(".")) return host === pattern.slice(1) || host.endsWith(pattern);
    return host === pattern;
  });
}
