import { ApiProblem, call, explain, get } from '../../api';
import { h } from '../../dom';
import { socketUrl } from '../../seatStream';
import type { HoldView } from '../types';
import { admissionHeaders, type EventContext } from './context';

/** A message of the waitlist's WebSocket that the page acts on. */
export type WaitlistMessage = { type: 'waiting'; position: number } | { type: 'offer'; holdId: string };

export function parseWaitlistMessage(text: string): WaitlistMessage | null {
  try {
    const data = JSON.parse(text) as { type?: unknown; position?: unknown; holdId?: unknown };
    if (data.type === 'waiting' && typeof data.position === 'number' && data.position) {
      return { type: 'waiting', position: data.position };
    }
    if (data.type === 'offer' && typeof data.holdId === 'string' && data.holdId) {
      return { type: 'offer', holdId: data.holdId };
    }
  } catch {
    // not ours
  }
  return null;
}

/** What the status line says right after joining, at this place in line if the server told it. */
export function joinedText(position?: number): string {
  return `You are on the waitlist${position ? `, number ${position}` : ''}. When seats free up they are held for you and shown here.`;
}

export interface WaitlistCallbacks {
  /** The section and number of seats to wait for (what the best-available form asks for). */
  choice(): { sectionCode: string; quantity: number };
  /** Seats came free and the server holds them for the buyer. */
  offered(hold: HoldView): void;
}

export interface Waitlist {
  /** The join button and the status line, for the best-available form. */
  readonly elements: HTMLElement[];
  /** Shows or hides the join button (shown when a section has not enough seats together). */
  offer(visible: boolean): void;
  close(): void;
}

/**
 * The waitlist of a sold-out section: join it, watch the place in line over a WebSocket, and show
 * the hold the server makes when seats free up.
 */
export function waitlistControls(ctx: EventContext, callbacks: WaitlistCallbacks): Waitlist {
  const { event } = ctx;
  const button = h('button', { type: 'button', 'data-testid': 'waitlist', hidden: true }, 'Join the waitlist');
  const status = h('p', { class: 'muted', 'data-testid': 'waitlist-status', 'aria-live': 'polite' });
  let socket: WebSocket | null = null;

  async function onMessage(message: WaitlistMessage) {
    if (message.type === 'waiting') {
      status.textContent = `You are on the waitlist, number ${message.position}.`;
      return;
    }
    status.textContent = '';
    const offered = await get<HoldView>(`/api/v1/holds/${message.holdId}`);
    callbacks.offered(offered);
    ctx.say(`Seats came free and are held for you: ${offered.seatIds.join(', ')}. Pay before the countdown ends.`);
    ctx.announce('Your waitlist offer arrived.');
  }

  button.addEventListener('click', async () => {
    const { sectionCode, quantity } = callbacks.choice();
    try {
      const answer = await call<{ entryId: string; position?: number }>('POST', `/api/v1/events/${event.eventId}/waitlist`, {
        body: { sectionCode, quantity, adjacent: true },
        headers: admissionHeaders(event.eventId),
      });
      button.hidden = true;
      status.textContent = joinedText(answer.body.position);
      socket?.close();
      socket = new WebSocket(socketUrl(`/ws/events/${event.eventId}/waitlist/${answer.body.entryId}`));
      socket.onmessage = (frame) => {
        const message = parseWaitlistMessage(String(frame.data));
        if (message) {
          onMessage(message).catch((problem) => ctx.say(explain(problem), true));
        }
      };
    } catch (problem) {
      ctx.say(problem instanceof ApiProblem && problem.slug === 'seats-available'
        ? 'Seats are free in that section right now: pick them on the map.' : explain(problem), true);
    }
  });

  return {
    elements: [button, status],
    offer: (visible) => {
      button.hidden = !visible;
    },
    close: () => socket?.close(),
  };
}
