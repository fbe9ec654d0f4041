import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type RunningServer, startNodeServer } from "../helpers/node-server";

/**
 * The shipped deploy/nginx.conf, run by Debian's nginx in front of the real API: `nginx -t`
 * passes, HTTPS serves the API with the app's own security headers once each, TLS below 1.2 is
 * refused, and plain HTTP redirects. .ci/run installs nginx, so in CI this runs, never skips.
 */
const NGINX = "/usr/sbin/nginx";
const available = existsSync(NGINX) || process.env.CI === "true";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  protocol?: string | null;
}

describe.skipIf(!available)("deploy/nginx.conf over TLS", () => {
  let dir: string;
  let api: RunningServer;
  let nginx: ChildProcess;
  let https: number;
  let http: number;
  let cert: Buffer;
  let conf: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "resumate-nginx-"));
    const made = spawnSync("bash", ["scripts/make-dev-cert.sh", dir], { encoding: "utf8" });
    expect(made.status, made.stderr).toBe(0);
    cert = readFileSync(join(dir, "tls.crt"));
    api = await startNodeServer({
      NODE_ENV: "development",
      SECRET_KEY: "nginx-test-secret-key-long-enough-for-hs256-0000",
      PGLITE_DIR: join(dir, "pglite"),
      LOG_LEVEL: "warn",
      TRUST_PROXY: "X-Forwarded-For",
    });
    [https, http] = [await freePort(), await freePort()];
    const site = readFileSync("deploy/nginx.conf", "utf8")
      .replace("server api:8000;", `server 127.0.0.1:${api.port};`)
      .replace("listen 80;", `listen 127.0.0.1:${http};`)
      .replace("listen 443 ssl http2;", `listen 127.0.0.1:${https} ssl http2;`)
      .replaceAll("/etc/nginx/certs/", `${dir}/`);
    conf = join(dir, "nginx.conf");
    writeFileSync(
      conf,
      `pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events {}
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${site}
}
`,
    );
    const check = spawnSync(NGINX, ["-t", "-p", dir, "-c", conf], { encoding: "utf8" });
    expect(check.status, check.stderr).toBe(0);
    nginx = spawn(NGINX, ["-p", dir, "-c", conf, "-g", "daemon off;"], { stdio: "ignore" });
    // Ready when the TLS port accepts connections.
    for (let i = 0; i < 100; i++) {
      const open = await new Promise<boolean>((resolve) => {
        const socket = connect(https, "127.0.0.1", () => {
          socket.destroy();
          resolve(true);
        });
        socket.on("error", () => resolve(false));
      });
      if (open) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 90_000);

  afterAll(async () => {
    nginx?.kill("SIGQUIT");
    await api?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const viaTls = (
    path: string,
    tls: { minVersion?: "TLSv1" | "TLSv1.2"; maxVersion?: "TLSv1.1" } = {},
  ) =>
    new Promise<Answer>((resolve, reject) => {
      const req = httpsRequest(
        {
          host: "127.0.0.1",
          port: https,
          path,
          servername: "localhost",
          ca: cert,
          agent: false,
          ...tls,
        },
        (res) => {
          const protocol = (res.socket as TLSSocket | null)?.getProtocol() ?? null;
          let body = "";
          res.on("data", (d) => {
            body += String(d);
          });
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body,
              protocol,
            }),
          );
        },
      );
      req.on("error", reject);
      req.end();
    });

  it("passes nginx -t and serves the API over TLS 1.2+ with the app's headers once each", async () => {
    const res = await viaTls("/api/ai/models/");
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ data: expect.any(Array) });
    expect(res.protocol).toMatch(/^TLSv1\.[23]$/);
    // The app's own HSTS passes through (no longer stripped), and is not doubled.
    expect(res.headers["strict-transport-security"]).toBe("max-age=15552000; includeSubDomains");
    expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(res.headers["x-request-id"]).toEqual(expect.any(String));
    expect(res.headers["permissions-policy"]).toContain("camera=()");
  });

  it("refuses TLS below 1.2", async () => {
    await expect(
      viaTls("/health", { minVersion: "TLSv1", maxVersion: "TLSv1.1" }),
    ).rejects.toThrow();
  });

  it("redirects plain HTTP to HTTPS, keeping the method (308)", async () => {
    const res = await new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port: http,
          path: "/api/auth/token/?x=1",
          method: "POST",
          headers: { host: "api.example.com" },
        },
        (r) => {
          r.resume();
          r.on("end", () => resolve({ status: r.statusCode ?? 0, headers: r.headers, body: "" }));
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(res.status).toBe(308);
    expect(res.headers.location).toBe("https://api.example.com/api/auth/token/?x=1");
  });
});
