-- A venue is "in use" once an event is on it: from then on its layout never changes (an
-- event keeps the layout it was sold on). Creating an event sets the flag in the same
-- transaction, by an UPDATE of the venue's row; editing a venue updates the same row only
-- while the flag is clear. The two row writes serialize, so an edit and a new event never
-- both win.
alter table venue add column in_use boolean not null default false;
update venue v set in_use = exists (select 1 from event e where e.venue_id = v.id);
