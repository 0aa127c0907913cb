-- Dynamic prices: an organizer's rules that move a tier's price while the event sells.
-- A rule sets an absolute price in minor units (not a percentage of the base price): the
-- organizer decides "early bird 39.00", the buyer is charged exactly that, and no rounding
-- stands between the rule and the ticket. TIME_WINDOW rules apply from starts_at (inclusive)
-- until ends_at (exclusive); DEMAND_STEP rules once the event's sold share reaches min_share.
-- Of the rules of a tier that apply at once the highest priority wins; among demand steps of
-- one priority, the highest threshold reached. Rules that could tie are refused when written.
create table price_rule (
    id          uuid        primary key,
    event_id    uuid        not null references event (id) on delete cascade,
    tier        text        not null,
    kind        text        not null check (kind in ('TIME_WINDOW', 'DEMAND_STEP')),
    label       text,
    starts_at   timestamptz,
    ends_at     timestamptz,
    min_share   numeric(5, 4),
    price_minor bigint      not null check (price_minor >= 0),
    priority    integer     not null default 0,
    version     integer     not null default 1,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    check (kind <> 'TIME_WINDOW' or (starts_at is not null and ends_at is not null and starts_at < ends_at)),
    check (kind <> 'DEMAND_STEP' or (min_share > 0 and min_share <= 1))
);
create index price_rule_event on price_rule (event_id);

-- Every version a rule ever had (written with each create, replace and delete), so that an
-- audited price names the exact rule it came from even after the rule changed; each node
-- also re-reads the rules of events whose history grew since it last looked.
create table price_rule_history (
    rule_id     uuid        not null,
    version     integer     not null,
    event_id    uuid        not null,
    tier        text        not null,
    kind        text        not null,
    label       text,
    starts_at   timestamptz,
    ends_at     timestamptz,
    min_share   numeric(5, 4),
    price_minor bigint      not null,
    priority    integer     not null,
    deleted     boolean     not null default false,
    recorded_at timestamptz not null,
    primary key (rule_id, version)
);
create index price_rule_history_recorded on price_rule_history (recorded_at);
create index price_rule_history_event on price_rule_history (event_id);

-- What every sold seat was charged and why: written in the purchase's own statement (with
-- the order and its tickets), from the prices locked into the hold when it was placed, so
-- the hold's hot path writes nothing to PostgreSQL. rule_id null: the tier's base price.
create table price_audit (
    id           bigserial   primary key,
    order_id     uuid        not null,
    hold_id      uuid        not null,
    event_id     uuid        not null,
    seat_id      text        not null,
    tier         text        not null,
    base_minor   bigint      not null,
    amount_minor bigint      not null,
    currency     text        not null,
    rule_id      uuid,
    rule_version integer,
    priced_at    timestamptz not null,   -- when the hold was placed (the price was locked)
    recorded_at  timestamptz not null    -- when the purchase was stored
);
create index price_audit_event on price_audit (event_id, id);
create index price_audit_order on price_audit (order_id);
