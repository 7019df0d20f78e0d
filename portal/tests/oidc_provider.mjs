// A real OpenID Connect provider for the sign-in tests: the certified `oidc-provider` from npm,
// started by portal/tests/oidc.py on a free port on 127.0.0.1 and stopped when the test run ends.
//
// Everything the protocol does is the library's own: discovery, the authorization code flow with
// PKCE (required here for every client), the login form (its development interactions), the token
// endpoint, the JWKS and RP-initiated logout. The test-only routes under /__test__/ only set which
// accounts exist, rotate the signing key, and spoil the next ID token (re-signed with the
// provider's own key, or not at all) so that the portal's checks can be shown to refuse it.
//
// Configuration (environment): OIDC_TEST_CLIENTS, a JSON list of oidc-provider client metadata.
// On start it prints one JSON line to stdout: {"issuer": "http://127.0.0.1:PORT"}.

import crypto from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const clients = JSON.parse(process.env.OIDC_TEST_CLIENTS || '[]');
const accounts = new Map();
let signingKeys = [newSigningKey()];
let spoilNext = null;
let provider = null;
let issuer = null;

function newSigningKey() {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: crypto.randomUUID(), alg: 'RS256', use: 'sig' };
}

const b64url = (buffer) => Buffer.from(buffer).toString('base64url');

function signRS256(header, payload, jwk) {
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const key = crypto.createPrivateKey({ key: jwk, format: 'jwk' });
  return `${signingInput}.${b64url(crypto.sign('sha256', Buffer.from(signingInput), key))}`;
}

// The ways a test may spoil the next ID token the token endpoint hands out.
function spoil(idToken, how) {
  const [headerPart, payloadPart, signature] = idToken.split('.');
  const header = JSON.parse(Buffer.from(headerPart, 'base64url'));
  const payload = JSON.parse(Buffer.from(payloadPart, 'base64url'));
  if (how.claims) Object.assign(payload, how.claims);
  if (how.expiresIn !== undefined) {
    const now = Math.floor(Date.now() / 1000);
    payload.exp = now + how.expiresIn;
    payload.iat = Math.min(payload.iat, payload.exp - 60);
  }
  if (how.signature === 'kept') {
    // Changed claims under the original signature: what an attacker who edits a token gets.
    return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${signature}`;
  }
  if (how.signature === 'foreign') {
    // A well-formed token signed by a key the provider never published.
    return signRS256({ ...header, kid: 'not-published' }, payload, newSigningKey());
  }
  // Re-signed with the provider's own current key: only the changed claims are wrong.
  return signRS256(header, payload, signingKeys[0]);
}

function makeProvider() {
  const configuration = {
    clients,
    jwks: { keys: signingKeys },
    cookies: { keys: ['test-cookie-key-not-secret'] },
    findAccount: async (ctx, id) => {
      const claims = accounts.get(id);
      if (!claims) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name'],
      groups: ['groups'],
      organisation: ['organisation_number'],
      'helseid://scopes/hpr/hpr_number': ['helseid://claims/hpr/hpr_number'],
    },
    // The claims of the granted scopes ride in the ID token, as HelseID and Entra ID put theirs.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: { AccessToken: 600, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600, AuthorizationCode: 60 },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    // The portal is a first-party client: no consent screen, every requested scope granted.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope(ctx.oidc.requestParamScopes ? [...ctx.oidc.requestParamScopes].join(' ') : 'openid');
      await grant.save();
      return grant;
    },
  };
  const created = new Provider(issuer, configuration);
  created.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && spoilNext && ctx.body && ctx.body.id_token) {
      ctx.body = { ...ctx.body, id_token: spoil(ctx.body.id_token, spoilNext) };
      spoilNext = null;
    }
  });
  return created;
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => { try { resolve(body ? JSON.parse(body) : {}); } catch (error) { reject(error); } });
  });
}

async function control(req, res) {
  const body = await readJson(req);
  if (req.url === '/__test__/accounts') {
    for (const [login, claims] of Object.entries(body)) accounts.set(login, claims);
  } else if (req.url === '/__test__/rotate') {
    // A rotation as providers do it: a new key signs from now on; the old one is withdrawn.
    signingKeys = [newSigningKey()];
    provider = makeProvider();
  } else if (req.url === '/__test__/spoil-next-id-token') {
    spoilNext = body;
  } else {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(204).end();
}

const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url.startsWith('/__test__/')) {
    control(req, res).catch((error) => { res.writeHead(500).end(String(error)); });
    return;
  }
  provider.callback()(req, res);
});

server.listen(0, '127.0.0.1', () => {
  issuer = `http://127.0.0.1:${server.address().port}`;
  provider = makeProvider();
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

// The test run closes stdin when it ends, and the provider goes with it.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
