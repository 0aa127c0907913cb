-- Buyers in a waiting room who asked to be emailed when their turn comes: a job looks up
-- the open ones every few seconds, and on the turn leaves a QueueTurn outbox row (so the
-- email goes out at least once, once per reminder) and settles the row.
create table queue_reminder (
    event_id    uuid        not null,
    ticket_id   text        not null,
    user_id     text        not null,
    created_at  timestamptz not null,
    settled_at  timestamptz,
    primary key (event_id, ticket_id)
);
create index queue_reminder_open on queue_reminder (created_at) where settled_at is null;
