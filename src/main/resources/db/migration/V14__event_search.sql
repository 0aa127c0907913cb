-- Event search and browse (GET /api/v1/events?q=...).
--
-- Performer and category become event fields (empty for the events there already are).
alter table event add column performer text not null default '';
alter table event add column category text not null default '';

-- What a search reads lives on the event row itself, kept by the trigger below: the venue's
-- name and city (copied, so one GIN index covers name + performer + venue + city without a
-- join), the cheapest and dearest tier price and the seat count. A venue's name and city
-- are copied again when the venue changes (today a venue in use cannot change, but the
-- copy never goes stale if that is ever allowed).
alter table event add column venue_name text not null default '';
alter table event add column venue_city text not null default '';
alter table event add column min_price_minor bigint not null default 0;
alter table event add column max_price_minor bigint not null default 0;
alter table event add column seat_count integer not null default 0;
alter table event add column search tsvector not null default ''::tsvector;

-- Lower case and without the accents of Latin letters, so "Bjork" finds "Björk" and
-- "sao paulo" finds "São Paulo". Plain translate(): no extension (unaccent) is needed, so
-- every PostgreSQL the project runs on (the machine's, the embedded one) has it. The
-- server folds the query text with the same table (catalog.EventSearch).
create function marquee_fold(t text) returns text
    language sql immutable parallel safe strict
    return lower(translate(t,
        'ÀÁÂÃÄÅĀĂĄàáâãäåāăąÇĆČçćčĎďÈÉÊËĒĘĚèéêëēęěĞğÌÍÎÏĪİìíîïīıŁłÑŃŇñńňÒÓÔÕÖØŌŐòóôõöøōőŘřŚŠŞśšşŤťÙÚÛÜŪŮŰùúûüūůűÝŸýÿŹŻŽźżž',
        'AAAAAAAAAaaaaaaaaaCCCcccDdEEEEEEEeeeeeeeGgIIIIIIiiiiiiLlNNNnnnOOOOOOOOooooooooRrSSSsssTtUUUUUUUuuuuuuuYYyyZZZzzz'));

-- The `simple` configuration: no stemming and no stop words, so performers' and venues'
-- names are indexed as they are written ("The The", "Muse", "Wings"); queries match word
-- prefixes (`word:*`), which also serves as-you-type search. Name and performer weigh more
-- than venue and city in the relevance ranking.
create function event_search_fill() returns trigger
    language plpgsql as $$
declare
    v record;
begin
    select name, city, coalesce((select sum((r ->> 'seats')::int)
                                   from jsonb_array_elements(layout) s, jsonb_array_elements(s -> 'rows') r), 0)
             as seats
      into v from venue where id = new.venue_id;
    new.venue_name := coalesce(v.name, '');
    new.venue_city := coalesce(v.city, '');
    new.seat_count := coalesce(v.seats, 0);
    select coalesce(min(value::bigint), 0), coalesce(max(value::bigint), 0)
      into new.min_price_minor, new.max_price_minor
      from jsonb_each_text(new.prices);
    new.search := setweight(to_tsvector('simple', marquee_fold(new.name)), 'A')
        || setweight(to_tsvector('simple', marquee_fold(new.performer)), 'A')
        || setweight(to_tsvector('simple', marquee_fold(new.venue_name)), 'B')
        || setweight(to_tsvector('simple', marquee_fold(new.venue_city)), 'B')
        || setweight(to_tsvector('simple', marquee_fold(new.category)), 'C');
    return new;
end $$;

create trigger event_search_fill
    before insert or update of name, performer, category, venue_id, prices on event
    for each row execute function event_search_fill();

create function venue_search_refresh() returns trigger
    language plpgsql as $$
begin
    update event set venue_id = venue_id where venue_id = new.id;
    return null;
end $$;

create trigger venue_search_refresh
    after update of name, city, layout on venue
    for each row
    when (old.name is distinct from new.name or old.city is distinct from new.city or old.layout is distinct from new.layout)
    execute function venue_search_refresh();

-- The events there are now.
update event set venue_id = venue_id;

-- Text search: the GIN index on the search document (rehearsals are never listed).
create index event_search_text on event using gin (search) where not rehearsal;
-- Keyset paging in each sort order the list offers (by start: V1's event_starts_at).
create index event_list_name on event (name, id) where not rehearsal;
create index event_list_price on event (min_price_minor, id) where not rehearsal;
-- Browsing a city (and a category) by date.
create index event_list_city on event (marquee_fold(venue_city), starts_at, id) where not rehearsal;
create index event_list_category on event (marquee_fold(category), starts_at, id) where not rehearsal;
