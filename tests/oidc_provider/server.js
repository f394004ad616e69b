// A real OpenID provider (node-oidc-provider, OpenID Certified) for PeopleFirst's single
// sign-on tests: one client, PKCE required, its own development login and consent pages.
// Configured by the environment the test fixture sets:
//   PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URIS (comma-separated).
import { generateKeyPairSync, randomBytes } from 'node:crypto';

import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
if (!port || !process.env.CLIENT_ID || !process.env.CLIENT_SECRET || !process.env.REDIRECT_URIS) {
  console.error('set PORT, CLIENT_ID, CLIENT_SECRET and REDIRECT_URIS');
  process.exit(2);
}

// Who the provider knows, by login: tests/tiny_org.py's people, one person PeopleFirst does
// not know, and one whose e-mail address the provider has not verified.
const accounts = {
  ana: { email: 'ana@example.com', name: 'Ana Lima', employee_id: 'E1' },
  ben: { email: 'Ben@Example.com', name: 'Ben Okafor', employee_id: 'E2' },
  cleo: { email: 'cleo@example.com', name: 'Cleo Martin', employee_id: 'E3' },
  zoe: { email: 'zoe@example.com', name: 'Zoe Quinn', employee_id: 'E99' },
  mallory: { email: 'dev@example.com', name: 'Mallory', employee_id: 'E98', email_verified: false },
};

// A fresh signing key each run: the app must fetch it from the JWKS, never know it.
const signingKey = {
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
  kid: randomBytes(8).toString('hex'),
  alg: 'RS256',
  use: 'sig',
};

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: process.env.REDIRECT_URIS.split(','),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  pkce: { required: () => true },
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    employee: ['employee_id'],
  },
  // Claims go into the ID token itself, as many corporate providers do.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email_verified: true, ...account };
      },
    };
  },
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on http://127.0.0.1:${port}`);
});
