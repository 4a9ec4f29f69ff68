#!/usr/bin/env node
// A local OpenID Connect provider that stands in for Google in the end-to-end suite.
//
// Docket's Google sign-in is pointed at this issuer with AUTH_GOOGLE_ISSUER, so the browser goes through
// the real redirect flow: Docket → /auth (authorization code + PKCE + state) → our login and consent
// pages → back to Docket's /api/auth/callback/google → token exchange → signed ID token.
//
// Run as a child process:
//   OIDC_PORT=9400 OIDC_CLIENT_ID=... OIDC_CLIENT_SECRET=... OIDC_REDIRECT_URI=http://localhost:3100/api/auth/callback/google \
//     node e2e/oidc-provider.mjs
// It prints one line `oidc-provider ready <issuer>` when it accepts requests, and stops on SIGTERM/SIGINT.
//
// Any email typed on the login page is an account (sub = the email, lower-cased), so every test user
// signs in without being registered first. The optional name typed with it becomes the `name` claim;
// without one, the name is made from the email's local part ("ana.lopez" → "Ana Lopez").

import { generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";
import { pathToFileURL } from "node:url";
import Provider, { interactionPolicy } from "oidc-provider";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** "ana.lopez+test@x.io" → "Ana Lopez" */
export function nameFromEmail(email) {
  const local = email.split("@")[0].replace(/\+.*$/, "");
  return local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(" ");
}

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function page(title, body) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Test OpenID Provider</title>
<style>
 body{font-family:system-ui,sans-serif;background:#f1f5f9;display:flex;justify-content:center;padding-top:10vh}
 main{background:#fff;border:1px solid #cbd5e1;border-radius:10px;padding:28px;width:360px}
 label{display:block;font-size:14px;margin-top:12px} input{width:100%;box-sizing:border-box;padding:8px;margin-top:4px}
 button{margin-top:16px;padding:8px 14px} .err{color:#b91c1c;font-size:14px}
</style></head>
<body><main><p><small>Test OpenID Provider (Docket end-to-end tests)</small></p>${body}</main></body></html>`;
}

function loginPage(uid, { clientId, error, email = "", loginHint }) {
  return page(
    "Sign in",
    `<h1>Sign in</h1>
<p>to continue to <strong>${escapeHtml(clientId)}</strong></p>
${error ? `<p class="err" role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
  <label for="email">Email</label>
  <input id="email" name="email" type="email" required autofocus value="${escapeHtml(email || loginHint || "")}">
  <label for="name">Name (optional)</label>
  <input id="name" name="name" type="text">
  <button type="submit">Next</button>
</form>
<p><a href="/interaction/${escapeHtml(uid)}/abort">Cancel</a></p>`,
  );
}

function consentPage(uid, { clientId, email, scopes }) {
  return page(
    "Authorize",
    `<h1>Authorize ${escapeHtml(clientId)}</h1>
<p>Signed in as <strong data-testid="oidc-account">${escapeHtml(email)}</strong>.</p>
<p>The application asks for:</p>
<ul>${scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join("")}</ul>
<form method="post" action="/interaction/${escapeHtml(uid)}/confirm">
  <button type="submit" autofocus>Allow</button>
</form>
<p><a href="/interaction/${escapeHtml(uid)}/abort">Deny</a></p>`,
  );
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error("form body too large");
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/**
 * Start the provider.
 * @param {{ port: number, clientId: string, clientSecret: string, redirectUris: string[], host?: string }} options
 * @returns {Promise<{ issuer: string, server: import("node:http").Server, close: () => Promise<void> }>}
 */
export async function startOidcProvider({ port, clientId, clientSecret, redirectUris, host }) {
  // Auth.js compares the discovered issuer with AUTH_GOOGLE_ISSUER: this string is what Docket must be given.
  const issuer = `http://localhost:${port}`;
  /** email → display name, filled at login */
  const names = new Map();

  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: "jwk" }), use: "sig", alg: "RS256", kid: "e2e-rs256" };

  const policy = interactionPolicy.base();
  // Docket asks Google for prompt=select_account; the provider must accept it. It is answered by the login page.
  policy.add(new interactionPolicy.Prompt({ name: "select_account", requestable: true }), 1);

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
        id_token_signed_response_alg: "RS256",
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    scopes: ["openid", "email", "profile"],
    // Auth.js reads the profile from the ID token (like Google's), so put the granted claims there too.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { policy, url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const email = String(sub).toLowerCase();
      if (!EMAIL.test(email)) return undefined;
      return {
        accountId: email,
        async claims() {
          return { sub: email, email, email_verified: true, name: names.get(email) ?? nameFromEmail(email) };
        },
      };
    },
    async renderError(ctx, out) {
      ctx.type = "html";
      ctx.body = page(
        "Error",
        `<h1>Sign-in error</h1><p class="err" role="alert">${escapeHtml(out.error)}: ${escapeHtml(out.error_description ?? "")}</p>`,
      );
    },
  });
  provider.on("server_error", (_ctx, err) => console.error("[oidc-provider] server_error", err));

  const callback = provider.callback();
  const route = /^\/interaction\/([\w-]+)(?:\/(login|confirm|abort))?$/;

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    const m = route.exec(url.pathname);
    if (!m) return callback(req, res);
    const [, uid, step] = m;
    const send = (status, html) => {
      res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(html);
    };
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== uid) return send(400, page("Error", `<p class="err" role="alert">This sign-in page is out of date. Start again.</p>`));
      const { prompt, params, session } = details;

      if (req.method === "GET" && !step) {
        if (prompt.name === "login" || prompt.name === "select_account") {
          return send(200, loginPage(uid, { clientId: params.client_id, loginHint: params.login_hint }));
        }
        if (prompt.name === "consent") {
          const scopes = String(params.scope ?? "").split(" ").filter(Boolean);
          return send(200, consentPage(uid, { clientId: params.client_id, email: session?.accountId ?? "", scopes }));
        }
        return send(501, page("Error", `<p class="err" role="alert">Prompt ${escapeHtml(prompt.name)} is not supported.</p>`));
      }

      if (req.method === "POST" && step === "login") {
        const form = await readForm(req);
        const email = String(form.get("email") ?? "").trim().toLowerCase();
        if (!EMAIL.test(email)) {
          return send(400, loginPage(uid, { clientId: params.client_id, error: "Enter a valid email address.", email }));
        }
        const name = String(form.get("name") ?? "").trim();
        names.set(email, name || nameFromEmail(email));
        return await provider.interactionFinished(
          req,
          res,
          { login: { accountId: email }, select_account: {} },
          { mergeWithLastSubmission: false },
        );
      }

      if (req.method === "POST" && step === "confirm") {
        if (prompt.name !== "consent") return send(400, page("Error", `<p class="err" role="alert">Nothing to confirm.</p>`));
        const { details: missing } = prompt;
        const grant = details.grantId
          ? await provider.Grant.find(details.grantId)
          : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
        if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
        if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
        if (missing.missingResourceScopes) {
          for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes)) grant.addResourceScope(indicator, scopes.join(" "));
        }
        const grantId = await grant.save();
        return await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      }

      if (req.method === "GET" && step === "abort") {
        return await provider.interactionFinished(
          req,
          res,
          { error: "access_denied", error_description: "End-User aborted interaction" },
          { mergeWithLastSubmission: false },
        );
      }
      return send(405, page("Error", `<p class="err" role="alert">Method not allowed.</p>`));
    } catch (err) {
      console.error("[oidc-provider] interaction failed", err);
      if (!res.headersSent) send(400, page("Error", `<p class="err" role="alert">${escapeHtml(err.message ?? String(err))}</p>`));
    }
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    // No host: listen on every local address, so "localhost" works whether it resolves to ::1 or 127.0.0.1.
    server.listen(port, host, () => resolve());
  });
  return {
    issuer,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function required(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`[oidc-provider] ${name} is required`);
    process.exit(2);
  }
  return v;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(required("OIDC_PORT"));
  const { issuer, close } = await startOidcProvider({
    port,
    clientId: required("OIDC_CLIENT_ID"),
    clientSecret: required("OIDC_CLIENT_SECRET"),
    redirectUris: required("OIDC_REDIRECT_URI").split(",").map((s) => s.trim()),
    host: process.env.OIDC_HOST || undefined,
  });
  console.log(`oidc-provider ready ${issuer}`);
  const stop = () => close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
