-- A node rehearses an on-sale on an event of its own before it reports ready (the warm-up),
-- and removes it again; such an event is left out of every list of events.
alter table event add column rehearsal boolean not null default false;
