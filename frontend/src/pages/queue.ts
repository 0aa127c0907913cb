import { ApiProblem, call, currentUser, explain, get } from '../api';
import { type Fairness, verifyPlace } from '../fairness';
import { type Challenge, deviceId, solve } from '../pow';
import { announce, formatDate, h } from '../dom';
import { socketUrl } from '../seatStream';
import { queueTicket, setAdmission, setQueueTicket } from '../session';
import type { EventView, Page } from './types';

export interface Standing {
  queueTicket: string;
  status: 'WAITING' | 'ADMITTED' | 'EXPIRED';
  position?: number;
  nowServing?: number;
  estimatedWaitSeconds?: number;
  opensAt?: string;
  admissionToken?: string;
  admissionExpiresAt?: string;
  earlyIndex?: number;
  number?: number;
}

export interface QueueMessage extends Partial<Standing> {
  type: 'position' | 'admitted' | 'expired';
}

/** The standing a message of the queue's WebSocket tells. */
export function standingOf(message: QueueMessage): Partial<Standing> {
  return { ...message, status: message.type === 'admitted' ? 'ADMITTED' : message.type === 'expired' ? 'EXPIRED' : 'WAITING' };
}

/** What the page says to a buyer still waiting: before sales open (no place yet), or at a place in line. */
export function waitingText(standing: Partial<Standing>): { position: string; detail: string } {
  if (standing.position == null) {
    return {
      position: 'You are in the waiting room.',
      detail: standing.opensAt
        ? `Sales open ${formatDate(standing.opensAt)}. Everyone who is here before then gets a random place in line.`
        : '',
    };
  }
  const seconds = standing.estimatedWaitSeconds ?? 0;
  const minutes = Math.ceil(seconds / 60);
  return {
    position: `You are number ${standing.position} in line.`,
    detail: `Now serving ${standing.nowServing}. Estimated wait: ${
      seconds < 60 ? 'under a minute' : `about ${minutes} minute${minutes > 1 ? 's' : ''}`}.`,
  };
}

/**
 * Joins: without a proof of work first (most waiting rooms ask for none); if the room asks for
 * one, solves a challenge (progress to `working`) and joins with it, again with a new challenge
 * if the difficulty was raised meanwhile.
 */
async function enter(eventId: string, working: (text: string) => void): Promise<Standing> {
  let headers: Record<string, string> = { 'X-Device-Id': deviceId() };
  for (let attempt = 0; ; attempt++) {
    try {
      return (await call<Standing>('POST', `/api/v1/events/${eventId}/queue`, { headers })).body;
    } catch (problem) {
      if (!(problem instanceof ApiProblem) || problem.slug !== 'proof-of-work-required' || attempt >= 3) {
        throw problem;
      }
    }
    const challenge = (await call<Challenge>('POST', `/api/v1/events/${eventId}/queue-challenge`)).body;
    const started = performance.now();
    working(`Checking you are not a bot (${challenge.difficulty}-bit proof of work)…`);
    const solution = await solve(challenge, (share) =>
      working(`Checking you are not a bot: ${Math.round(share * 100)}% of the expected work…`));
    working(`Solved in ${((performance.now() - started) / 1000).toFixed(1)} s. Joining…`);
    headers = { ...headers, 'X-Queue-Challenge': challenge.challenge, 'X-Queue-Solution': solution };
  }
}

/** Where the buyer stands: the known ticket's standing if it still counts, else a new place in line. */
function join(eventId: string, working: (text: string) => void): Promise<Standing> {
  const known = queueTicket(eventId);
  return known
    ? get<Standing>(`/api/v1/events/${eventId}/queue/${known}`).catch(() => enter(eventId, working))
    : enter(eventId, working);
}

const COMMITMENT = 'marquee.commitment.';

/**
 * The "verify my place" panel: the commitment published before opening (remembered in this
 * browser the first time it is seen), the seed once the queue opened, and the check.
 */
function fairnessPanel(eventId: string) {
  const text = h('p', { class: 'muted', 'data-testid': 'queue-fairness' });
  const result = h('p', { class: 'muted', 'data-testid': 'queue-verify-result' });
  const button = h('button', { type: 'button', 'data-testid': 'queue-verify', hidden: true }, 'Verify my place');
  let earlyIndex: number | undefined;
  let number: number | undefined;
  let last: Fairness | undefined;
  const panel = h('section', { class: 'fairness' }, text, h('p', {}, button), result);

  async function load(): Promise<Fairness> {
    const record = await get<Fairness>(`/api/v1/events/${eventId}/queue-fairness`);
    if (record.commitment && !record.opened && !localStorage.getItem(COMMITMENT + eventId)) {
      localStorage.setItem(COMMITMENT + eventId, record.commitment);
    }
    return record;
  }

  function describe(record: Fairness) {
    last = record;
    const seen = localStorage.getItem(COMMITMENT + eventId) ?? record.commitment;
    const mine = earlyIndex ? ` You were early joiner #${earlyIndex}.` : '';
    text.textContent = record.opened
      ? `The early joiners were shuffled with the seed ${record.seed}, committed to in advance as ${seen}.${mine}`
      : `Early joiners will be shuffled with a seed committed to now: ${record.commitment}.${mine} The seed is revealed when sales open.`;
  }

  button.onclick = async () => {
    button.disabled = true;
    try {
      const record = await load();
      describe(record);
      if (!record.opened || !record.seed || earlyIndex == null || number == null || record.earlyJoined == null) {
        result.textContent = 'Your place can be verified once sales open.';
        return;
      }
      const seen = localStorage.getItem(COMMITMENT + eventId) ?? record.commitment ?? '';
      const check = await verifyPlace(seen, record.seed, record.earlyJoined, earlyIndex, number);
      result.textContent = [
        check.commitmentMatches ? 'sha256(seed) matches the commitment published before opening.'
          : 'sha256(seed) does NOT match the commitment published before opening!',
        `Early joiner #${earlyIndex} of ${record.earlyJoined} gets number ${check.expectedNumber}:`,
        check.numberMatches ? 'your number. Verified.' : `but you were given ${number}!`,
      ].join(' ');
    } catch (problem) {
      result.textContent = explain(problem);
    } finally {
      button.disabled = false;
    }
  };

  return {
    panel,
    /** What the page now knows of the buyer's ticket. */
    update(standing: Partial<Standing>) {
      const told = earlyIndex;
      earlyIndex = standing.earlyIndex ?? earlyIndex;
      if (last && told !== earlyIndex) {
        describe(last);
      }
      if (standing.position != null && standing.nowServing != null && standing.status === 'WAITING') {
        number = standing.position + standing.nowServing;
      }
      button.hidden = earlyIndex == null;
    },
    refresh() {
      load().then(describe).catch(() => {});
    },
  };
}

/**
 * The waiting room of a queue-protected event: join, watch the position live (WebSocket, with
 * polling as the fallback), and go to the seat map with the admission token once admitted.
 */
export const queuePage =
  (eventId: string): Page =>
  (container, navigate) => {
    const title = h('h1', {}, 'Waiting room');
    const position = h('p', { class: 'position', 'data-testid': 'queue-position' }, 'Joining…');
    const detail = h('p', { class: 'muted', 'data-testid': 'queue-detail' });
    const live = h('div', { class: 'visually-hidden', 'aria-live': 'polite' });
    const alert = h('div', { class: 'message problem', role: 'alert' });
    const remind = h('button', { type: 'button', 'data-testid': 'queue-remind' }, 'Email me when it is my turn');
    const reminding = h('p', { class: 'muted', 'data-testid': 'queue-reminding', hidden: true });
    remind.hidden = true;
    const fairness = fairnessPanel(eventId);
    container.append(title, position, detail, h('p', {}, remind), reminding, alert, fairness.panel, live);
    let socket: WebSocket | null = null;
    let poll = 0;
    let closed = false;

    function show(standing: Partial<Standing>) {
      fairness.update(standing);
      if (standing.status === 'ADMITTED' && standing.admissionToken && standing.admissionExpiresAt) {
        window.clearInterval(poll);
        setAdmission(eventId, { token: standing.admissionToken, expiresAt: standing.admissionExpiresAt });
        announce(live, 'It is your turn. Taking you to the seat map.');
        navigate(`/events/${eventId}`);
      } else if (standing.status === 'EXPIRED') {
        window.clearInterval(poll);
        setQueueTicket(eventId, null);
        position.textContent = 'Your turn expired.';
        detail.replaceChildren(h('button', { type: 'button', class: 'primary', onclick: () => navigate(`/events/${eventId}/queue`) }, 'Join again'));
      } else {
        const text = waitingText(standing);
        position.textContent = text.position;
        detail.textContent = text.detail;
        if (standing.position != null) {
          announce(live, text.position);
        }
      }
    }

    function watch(ticket: string) {
      socket = new WebSocket(socketUrl(`/ws/events/${eventId}/queue/${ticket}`));
      socket.onmessage = (event) => show(standingOf(JSON.parse(String(event.data)) as QueueMessage));
      socket.onclose = (event) => {
        if (!closed && event.code !== 1000) {
          // fall back to polling until the turn comes or ends
          poll = window.setInterval(() => {
            get<Standing>(`/api/v1/events/${eventId}/queue/${ticket}`).then(show).catch(() => {});
          }, 5000);
        }
      };
    }

    if (!currentUser()) {
      position.textContent = 'Sign in to join the waiting room.';
    } else {
      get<EventView>(`/api/v1/events/${eventId}`)
        .then((event) => {
          title.textContent = `Waiting room: ${event.name}`;
          fairness.refresh();
          return join(eventId, (text) => {
            position.textContent = text;
          });
        })
        .then((standing) => {
          if (closed) {
            return;
          }
          setQueueTicket(eventId, standing.queueTicket);
          show(standing);
          if (standing.status === 'WAITING') {
            watch(standing.queueTicket);
            remind.hidden = false;
            remind.onclick = async () => {
              remind.disabled = true;
              try {
                const answer = await call<{ reminding: boolean }>('POST', `/api/v1/events/${eventId}/queue/${standing.queueTicket}/reminder`);
                if (answer.body.reminding) {
                  remind.hidden = true;
                  reminding.hidden = false;
                  reminding.textContent = 'We will email you when it is your turn: you may close this tab. Come back signed in as you are now.';
                }
              } catch (problem) {
                alert.textContent = explain(problem);
              } finally {
                remind.disabled = false;
              }
            };
          }
        })
        .catch((problem) => {
          alert.textContent = explain(problem);
          position.textContent = '';
        });
    }
    return () => {
      closed = true;
      socket?.close();
      window.clearInterval(poll);
    };
  };
