-- Messages to buyers. The mail relay reads the outbox like the Kafka relay does, with a
-- mark of its own: a row is mailed (or found to need no mail) once. Rows already there
-- when this runs were announced before mail existed: they count as mailed, so upgrading
-- sends nobody old news (the default fills them without rewriting the table).
alter table outbox add column mailed_at timestamptz default now();
alter table outbox alter column mailed_at drop default;
create index outbox_unmailed on outbox (id) where mailed_at is null;

-- The address each buyer's identity provider vouches for (the token's email claim), kept
-- when their token is first seen, so a message can reach them later (a waitlist offer, a
-- ticket given to them, an event cancelled).
create table contact (
    user_id     text primary key,
    email       text        not null,
    updated_at  timestamptz not null
);
