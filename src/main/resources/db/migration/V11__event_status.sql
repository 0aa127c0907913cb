-- An event's life with its organizers: a draft (not listed, not on sale) is published;
-- a published event may be postponed (a new start, buyers told) or cancelled for good
-- (every order refunded, buyers told). Every event there is now was public.
alter table event add column status text not null default 'PUBLISHED'
    check (status in ('DRAFT', 'PUBLISHED', 'CANCELLED'));
-- When the event last changed: each node re-reads events changed since it last looked, so
-- its cached copies follow an edit, a new date or a cancellation within seconds.
alter table event add column updated_at timestamptz;
update event set updated_at = created_at;
alter table event alter column updated_at set not null;
alter table event alter column updated_at set default now();
create index event_updated_at on event (updated_at);
