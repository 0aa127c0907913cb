// The public API (docs/API.md, docs/openapi.yaml), from the browser. Every failure is an RFC 9457 problem.

import { providerToken, signInMode } from './auth';

const TOKEN_KEY = 'marquee.token';

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly detail: string,
    readonly body: Record<string, unknown>,
  ) {
    super(detail);
  }
}

/** The bearer token: the provider's, when the server signs in with one; else the demo's. */
export function token(): string | null {
  if (signInMode() === 'OIDC') {
    return providerToken();
  }
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(value: string | null): void {
  if (value) {
    localStorage.setItem(TOKEN_KEY, value);
  } else {
    localStorage.removeItem(TOKEN_KEY);
  }
}

/** The user id (`sub`) of the stored token, if any. */
export function currentUser(): string | null {
  const value = token();
  if (!value) {
    return null;
  }
  try {
    const claims = JSON.parse(atob(value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) {
      return null;
    }
    return typeof claims.sub === 'string' ? claims.sub : null;
  } catch {
    return null;
  }
}

/** Difference between the server's clock and ours, from the Date header of the last answer. */
let serverOffsetMs = 0;

export function serverNow(): number {
  return Date.now() + serverOffsetMs;
}

export interface Answer<T> {
  status: number;
  body: T;
  /** The answer's headers (a search's next page is in X-Next-Cursor). */
  headers?: Headers;
}

export async function call<T>(
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const bearer = token();
  if (bearer) {
    headers.Authorization = `Bearer ${bearer}`;
  }
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiProblem(0, 'network', 'The server cannot be reached. Check your connection and try again.', {});
  }
  const date = response.headers.get('Date');
  if (date) {
    const server = Date.parse(date);
    if (!Number.isNaN(server)) {
      serverOffsetMs = server - Date.now();
    }
  }
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!response.ok) {
    const problem = (typeof body === 'object' && body ? body : {}) as Record<string, unknown>;
    const type = typeof problem.type === 'string' ? problem.type : '';
    const slug = type.substring(type.lastIndexOf('/') + 1) || `http-${response.status}`;
    const detail = typeof problem.detail === 'string' ? problem.detail : response.statusText || 'Request failed';
    throw new ApiProblem(response.status, slug, detail, problem);
  }
  return { status: response.status, body: body as T, headers: response.headers };
}

export async function get<T>(path: string): Promise<T> {
  return (await call<T>('GET', path)).body;
}

/** What to tell a buyer about a problem, in plain words. */
export function explain(problem: unknown): string {
  if (!(problem instanceof ApiProblem)) {
    return 'Something went wrong. Please try again.';
  }
  const seats = (problem.body.unavailableSeatIds as string[] | undefined)?.join(', ');
  switch (problem.slug) {
    case 'seat-unavailable':
      return `Sorry, ${seats ? `seat${seats.includes(',') ? 's' : ''} ${seats}` : 'a seat you picked'} ${seats?.includes(',') ? 'were' : 'was'} just taken. Pick others.`;
    case 'own-listing':
      return `You listed ${(problem.body.seatIds as string[] | undefined)?.join(', ') ?? 'a seat you picked'} for resale yourself. Withdraw the listing under My tickets instead of buying it back.`;
    case 'hold-expired':
      return 'Your hold expired and the seats were released. Pick your seats again.';
    case 'payment-declined':
      return 'Your card was declined. Your seats stay held until the countdown ends; try another card.';
    case 'payment-action-required':
      return 'Your bank asks you to confirm this payment. Confirm it with your bank, then press Pay again; your seats stay held and you will not be charged twice.';
    case 'ticket-limit':
      return `This event allows ${problem.body.limit} tickets per buyer; you already have ${problem.body.current}.`;
    case 'admission-required':
      return 'This event is queue-protected and your turn is not valid (any more). Join the waiting room.';
    case 'not-on-sale':
      return problem.detail;
    case 'order-not-cancellable':
      return `This order cannot be cancelled: ${problem.detail}`;
    case 'proof-of-work-required':
      return 'The waiting room could not check that you are not a bot. Reload the page to try again.';
    case 'too-many-accounts':
      return `At most ${problem.body.limit} accounts may join this waiting room from one ${problem.body.by}.`;
    case 'rate-limited':
      return `Too many requests. Try again in ${problem.body.retryAfterSeconds ?? 'a few'} seconds.`;
    case 'unauthorized':
      return 'Please sign in first.';
    case 'service-unavailable':
      return 'The service is busy or unavailable right now; nothing was changed. Try again in a moment.';
    case 'payment-unavailable':
      return 'The payment service did not answer. Your seats stay held: press Pay again in a moment; you will not be charged twice.';
    case 'order-pending':
      return 'Your payment went through, but your order is not finished yet. Press Pay again in a moment to complete it; you will not be charged twice.';
    case 'purchase-in-progress':
      return 'Your payment is still being processed. Press Pay again in a moment to see how it went.';
    default:
      return problem.detail;
  }
}
