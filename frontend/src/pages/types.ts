import type { Money } from '../seatMap';

export interface EventView {
  eventId: string;
  venueId: string;
  venueName: string;
  name: string;
  startsAt: string;
  onSaleAt: string;
  holdTtlSeconds: number;
  maxTicketsPerUser: number;
  prices: Record<string, Money>;
  queue: { enabled: boolean; admitPerMinute?: number };
  seatCount: number;
}

export interface HoldView {
  holdId: string;
  eventId: string;
  seatIds: string[];
  expiresAt: string;
  total: Money;
  status: 'ACTIVE' | 'EXPIRED' | 'RELEASED' | 'PURCHASED';
  orderId?: string;
}

export interface OrderView {
  orderId: string;
  eventId: string;
  status: string;
  total: Money;
  tickets: { ticketId: string; seatId: string; status?: string; code?: string }[];
}

/** A page puts itself into the container and answers how to tear itself down. */
export type Page = (container: HTMLElement, navigate: (path: string) => void) => () => void;
