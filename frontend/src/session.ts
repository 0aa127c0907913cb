// What the browser remembers per tab: the admission to a queue-protected event and the hold in
// progress, so a reload (or a deep link opened again) picks up where the buyer was.

export interface Admission {
  token: string;
  expiresAt: string;
}

export function admission(eventId: string): Admission | null {
  const raw = sessionStorage.getItem(`marquee.admission.${eventId}`);
  if (!raw) {
    return null;
  }
  const value = JSON.parse(raw) as Admission;
  return Date.parse(value.expiresAt) > Date.now() ? value : null;
}

export function setAdmission(eventId: string, value: Admission | null): void {
  if (value) {
    sessionStorage.setItem(`marquee.admission.${eventId}`, JSON.stringify(value));
  } else {
    sessionStorage.removeItem(`marquee.admission.${eventId}`);
  }
}

export function heldId(eventId: string): string | null {
  return sessionStorage.getItem(`marquee.hold.${eventId}`);
}

export function setHeldId(eventId: string, holdId: string | null): void {
  if (holdId) {
    sessionStorage.setItem(`marquee.hold.${eventId}`, holdId);
  } else {
    sessionStorage.removeItem(`marquee.hold.${eventId}`);
  }
}

export function queueTicket(eventId: string): string | null {
  return sessionStorage.getItem(`marquee.queue.${eventId}`);
}

export function setQueueTicket(eventId: string, ticket: string | null): void {
  if (ticket) {
    sessionStorage.setItem(`marquee.queue.${eventId}`, ticket);
  } else {
    sessionStorage.removeItem(`marquee.queue.${eventId}`);
  }
}
