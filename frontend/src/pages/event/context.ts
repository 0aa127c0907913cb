import { ApiProblem, currentUser } from '../../api';
import type { SeatMap } from '../../seatMap';
import { admission } from '../../session';
import type { EventView } from '../types';

/**
 * What every part of an event's page is handed: the event, its live map, and the page's shared
 * ways to speak and to repaint. The parts talk to each other only through the callbacks the page
 * gives them, never through this.
 */
export interface EventContext {
  readonly event: EventView;
  readonly map: SeatMap;
  /** Shows a message in the page's message box (in the colours of a problem, or of news). */
  say(text: string, isProblem?: boolean): void;
  /** Tells screen readers, through the page's polite live region. */
  announce(text: string): void;
  navigate(path: string): void;
  /** Repaints these seats on the next frame. */
  repaint(seats: Iterable<number>): void;
  /** Repaints every seat on the next frame. */
  redraw(): void;
}

/** The admission header of a queue-protected event, when this tab holds a turn; else none. */
export function admissionHeaders(eventId: string): Record<string, string> {
  const pass = admission(eventId);
  return pass ? { 'X-Admission-Token': pass.token } : {};
}

/** The hold is gone on the server (410: expired, released or bought elsewhere). */
export function isGone(problem: unknown): boolean {
  return problem instanceof ApiProblem && problem.status === 410;
}

export const EXPIRED = 'Your hold expired and the seats were released. Pick your seats again.';

/** Whether someone is signed in; if not, the page says so. */
export function signedIn(ctx: EventContext): boolean {
  if (!currentUser()) {
    ctx.say('Please sign in to hold seats.', true);
    return false;
  }
  return true;
}
