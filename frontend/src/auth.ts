// Signing in. With an OpenID Connect provider (production): Authorization Code with PKCE through
// oidc-client-ts, the provider's tokens kept in this tab's sessionStorage by the library, never in
// localStorage, and renewed before they expire. In the demo: a token minted for a name. The server
// says which (GET /api/v1/auth/config).
import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import type { components } from './generated/api';

type SignIn = components['schemas']['SignIn'];

/** Where the provider sends the browser back after signing in. */
export const CALLBACK_PATH = '/signed-in';

let mode: SignIn['mode'] = 'NONE';

let manager: UserManager | null = null;

let user: User | null = null;

/** How this server signs users in. */
export function signInMode(): SignIn['mode'] {
  return mode;
}

/** The provider's access token of the signed-in user, while it is good. */
export function providerToken(): string | null {
  return user && !user.expired ? user.access_token : null;
}

/** Who is signed in at the provider: a name to show. */
export function providerUserName(): string | null {
  if (!user || user.expired) {
    return null;
  }
  return user.profile.preferred_username ?? user.profile.name ?? user.profile.sub;
}

/**
 * Asks the server how to sign in and, with a provider, finishes a sign-in the provider just sent
 * the browser back from; answers the path to show (the page the user signed in from).
 */
export async function startAuth(path: string): Promise<string> {
  let config: SignIn = { mode: 'NONE' };
  try {
    const response = await fetch('/api/v1/auth/config', { headers: { Accept: 'application/json' } });
    if (response.ok) {
      config = (await response.json()) as SignIn;
    }
  } catch {
    // the server cannot be reached: pages say so themselves
  }
  mode = config.mode;
  if (mode !== 'OIDC' || !config.issuer || !config.clientId) {
    mode = mode === 'OIDC' ? 'NONE' : mode;
    return path;
  }
  manager = new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    scope: config.scope ?? 'openid',
    redirect_uri: location.origin + CALLBACK_PATH,
    post_logout_redirect_uri: location.origin + '/',
    response_type: 'code',
    userStore: new WebStorageStateStore({ store: sessionStorage }),
    automaticSilentRenew: true,
  });
  manager.events.addUserLoaded((loaded) => {
    user = loaded;
  });
  manager.events.addUserUnloaded(() => {
    user = null;
  });
  if (path === CALLBACK_PATH) {
    try {
      user = await manager.signinRedirectCallback();
      const from = typeof user.state === 'string' ? user.state : '/';
      return from.startsWith('/') && from !== CALLBACK_PATH ? from : '/';
    } catch {
      return '/';
    }
  }
  user = await manager.getUser();
  return path;
}

/** Sends the browser to the provider to sign in, and back to this page after. */
export async function signIn(): Promise<void> {
  await manager?.signinRedirect({ state: location.pathname });
}

/** Signs out here and at the provider. */
export async function signOut(): Promise<void> {
  const signedIn = user;
  user = null;
  if (manager && signedIn) {
    await manager.signoutRedirect({ id_token_hint: signedIn.id_token });
  }
}
