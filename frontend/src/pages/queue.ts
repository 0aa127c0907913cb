import { call, currentUser, explain, get } from '../api';
import { announce, formatDate, h } from '../dom';
import { socketUrl } from '../seatStream';
import { queueTicket, setAdmission, setQueueTicket } from '../session';
import type { EventView, Page } from './types';

interface Standing {
  queueTicket: string;
  status: 'WAITING' | 'ADMITTED' | 'EXPIRED';
  position?: number;
  nowServing?: number;
  estimatedWaitSeconds?: number;
  opensAt?: string;
  admissionToken?: string;
  admissionExpiresAt?: string;
}

interface QueueMessage extends Partial<Standing> {
  type: 'position' | 'admitted' | 'expired';
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
    container.append(title, position, detail, alert, live);
    let socket: WebSocket | null = null;
    let poll = 0;
    let closed = false;

    function show(standing: Partial<Standing>) {
      if (standing.status === 'ADMITTED' && standing.admissionToken && standing.admissionExpiresAt) {
        setAdmission(eventId, { token: standing.admissionToken, expiresAt: standing.admissionExpiresAt });
        announce(live, 'It is your turn. Taking you to the seat map.');
        navigate(`/events/${eventId}`);
        return;
      }
      if (standing.status === 'EXPIRED') {
        setQueueTicket(eventId, null);
        position.textContent = 'Your turn expired.';
        detail.replaceChildren(h('button', { type: 'button', class: 'primary', onclick: () => navigate(`/events/${eventId}/queue`) }, 'Join again'));
        return;
      }
      if (standing.position == null) {
        position.textContent = 'You are in the waiting room.';
        detail.textContent = standing.opensAt
          ? `Sales open ${formatDate(standing.opensAt)}. Everyone who is here before then gets a random place in line.`
          : '';
      } else {
        position.textContent = `You are number ${standing.position} in line.`;
        const minutes = Math.ceil((standing.estimatedWaitSeconds ?? 0) / 60);
        detail.textContent = `Now serving ${standing.nowServing}. Estimated wait: ${
          (standing.estimatedWaitSeconds ?? 0) < 60 ? 'under a minute' : `about ${minutes} minute${minutes > 1 ? 's' : ''}`}.`;
        announce(live, position.textContent);
      }
    }

    function watch(ticket: string) {
      socket = new WebSocket(socketUrl(`/ws/events/${eventId}/queue/${ticket}`));
      socket.onmessage = (event) => {
        const message = JSON.parse(String(event.data)) as QueueMessage;
        show({ ...message, status: message.type === 'admitted' ? 'ADMITTED' : message.type === 'expired' ? 'EXPIRED' : 'WAITING' });
      };
      socket.onclose = (event) => {
        if (!closed && event.code !== 1000) {
          // fall back to polling until the socket can be had again
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
          const known = queueTicket(eventId);
          return known
            ? get<Standing>(`/api/v1/events/${eventId}/queue/${known}`).catch(() =>
                call<Standing>('POST', `/api/v1/events/${eventId}/queue`).then((a) => a.body))
            : call<Standing>('POST', `/api/v1/events/${eventId}/queue`).then((a) => a.body);
        })
        .then((standing) => {
          if (closed) {
            return;
          }
          setQueueTicket(eventId, standing.queueTicket);
          show(standing);
          if (standing.status === 'WAITING') {
            watch(standing.queueTicket);
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
