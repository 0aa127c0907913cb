import { call, currentUser, explain, get } from '../api';
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

/** Where the buyer stands: the known ticket's standing if it still counts, else a new place in line. */
function join(eventId: string): Promise<Standing> {
  const enter = () => call<Standing>('POST', `/api/v1/events/${eventId}/queue`).then((answer) => answer.body);
  const known = queueTicket(eventId);
  return known ? get<Standing>(`/api/v1/events/${eventId}/queue/${known}`).catch(enter) : enter();
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
    container.append(title, position, detail, h('p', {}, remind), reminding, alert, live);
    let socket: WebSocket | null = null;
    let poll = 0;
    let closed = false;

    function show(standing: Partial<Standing>) {
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
          return join(eventId);
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
