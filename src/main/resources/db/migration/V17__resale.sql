-- Resale at face value: a ticket holder lists a ticket again, at no more than its price and the
-- event's cap; a buyer holds and buys the seat like any other, and in one transaction the
-- listing is claimed, the seller's ticket becomes RESOLD, the buyer's is issued with a new code
-- and the seller's payout is written down (paid, and retried until it is, by the payout job).

-- Per event, whether resale is allowed (where it is, best available and the waitlist offer resale
-- seats like free ones) and its cap in percent of the ticket's price (no row: allowed,
-- 100 %). Kept here rather than on event, so the catalog's Event stays as it is.
create table event_resale (
    event_id     uuid    primary key references event (id),
    allowed      boolean not null default true,
    cap_percent  integer not null default 100 check (cap_percent between 1 and 100)
);

create table resale_listing (
    id              uuid        primary key,
    event_id        uuid        not null references event (id),
    ticket_id       uuid        not null references ticket (id),
    seat_id         text        not null,
    seller_id       text        not null,
    code_version    integer     not null,   -- the ticket's code when listed: a transfer changes it
    price_minor     bigint      not null check (price_minor > 0),
    face_minor      bigint      not null check (price_minor <= face_minor),
    status          text        not null check (status in ('OPEN', 'SOLD', 'WITHDRAWN', 'ENDED')),
    end_reason      text,                   -- ENDED: scanned, transferred, started, cancelled, other
    created_at      timestamptz not null,
    closed_at       timestamptz,
    buyer_order_id  uuid        references orders (id),
    buyer_ticket_id uuid
);
-- a ticket (and so a seat) is listed at most once at a time
create unique index resale_listing_open_ticket on resale_listing (ticket_id) where status = 'OPEN';
create unique index resale_listing_open_seat on resale_listing (event_id, seat_id) where status = 'OPEN';
create index resale_listing_seller on resale_listing (seller_id, created_at desc);
create index resale_listing_event_open on resale_listing (event_id) where status = 'OPEN';

-- What a sold listing owes its seller: refunded onto the seller's original payment (a partial
-- refund), PENDING until the payment port confirms it, retried until then; one per listing.
create table resale_payout (
    listing_id   uuid        primary key references resale_listing (id),
    seller_id    text        not null,
    payment_id   text        not null,    -- the seller's original charge
    amount_minor bigint      not null check (amount_minor > 0),
    currency     char(3)     not null,
    status       text        not null check (status in ('PENDING', 'PAID')),
    attempts     integer     not null default 0,
    created_at   timestamptz not null,
    paid_at      timestamptz,
    locked_until timestamptz              -- a payout round working on it; another skips it until then
);
create index resale_payout_pending on resale_payout (created_at) where status = 'PENDING';
