-- Venues keep their layout as JSON: it is written once and always read whole.
create table venue (
    id          uuid primary key,
    name        text        not null,
    city        text        not null,
    layout      jsonb       not null,
    created_at  timestamptz not null
);

create table event (
    id                    uuid primary key,
    venue_id              uuid        not null references venue (id),
    name                  text        not null,
    starts_at             timestamptz not null,
    on_sale_at            timestamptz not null,
    hold_ttl_seconds      integer     not null check (hold_ttl_seconds between 1 and 3600),
    max_tickets_per_user  integer     not null check (max_tickets_per_user between 1 and 100),
    currency              char(3)     not null,
    prices                jsonb       not null,
    blocked_seat_ids      text[]      not null default '{}',
    queue_enabled         boolean     not null default false,
    admit_per_minute      integer,
    created_at            timestamptz not null
);
create index event_starts_at on event (starts_at);

create table orders (
    id            uuid primary key,
    event_id      uuid        not null references event (id),
    user_id       text        not null,
    hold_id       uuid        not null unique,
    status        text        not null,
    total_minor   bigint      not null check (total_minor >= 0),
    currency      char(3)     not null,
    payment_id    text        not null,
    created_at    timestamptz not null
);
create index orders_user on orders (user_id, created_at desc);

create table ticket (
    id          uuid primary key,
    order_id    uuid        not null references orders (id),
    event_id    uuid        not null references event (id),
    seat_id     text        not null,
    user_id     text        not null,
    status      text        not null,
    price_minor bigint      not null,
    created_at  timestamptz not null
);
-- The last guard against a double sale: even if Redis lost every hold, one live ticket per seat.
create unique index ticket_live_seat on ticket (event_id, seat_id) where status in ('VALID', 'USED');
create index ticket_user on ticket (user_id, created_at desc);
create index ticket_order on ticket (order_id);

-- One row per (user, Idempotency-Key): a retried purchase finds it and never charges twice.
create table purchase_attempt (
    user_id          text        not null,
    idempotency_key  text        not null,
    fingerprint      text        not null,
    hold_id          uuid        not null,
    status           text        not null,
    payment_id       text,
    order_id         uuid,
    problem_slug     text,
    problem_detail   text,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    primary key (user_id, idempotency_key)
);
create index purchase_attempt_status on purchase_attempt (status, updated_at);

-- Written in the same transaction as the order; relayed downstream by the outbox relay.
create table outbox (
    id            bigserial primary key,
    aggregate_id  text        not null,
    type          text        not null,
    payload       jsonb       not null,
    created_at    timestamptz not null,
    published_at  timestamptz
);
