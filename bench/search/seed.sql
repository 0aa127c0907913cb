-- Seeds the search benchmark (bench/search.sh): 400 venues in 40 cities and :events events
-- (100,000 by default) spread over two years, with names, performers and categories drawn
-- from small word lists, one to three price tiers each; about 2% are drafts, 2% cancelled.
-- The V14 trigger fills each event's search columns as it is inserted, as it does for events
-- created over HTTP. Run as psql -v events=100000 -f bench/search/seed.sql.
\set ON_ERROR_STOP on

insert into venue (id, name, city, layout, created_at, in_use)
select md5('venue' || v)::uuid,
       (array['Arena', 'Hall', 'Theatre', 'Club', 'Stadium', 'Opera House', 'Forum', 'Pavilion', 'Garden', 'Dome'])[1 + v % 10]
         || ' ' || (array['Riverside', 'Central', 'Royal', 'Northern', 'Grand', 'Old Town', 'Harbour', 'Union', 'Victoria', 'Palace'])[1 + (v / 10) % 10],
       (array['Lisbon', 'Porto', 'Madrid', 'Barcelona', 'Sevilla', 'Paris', 'Lyon', 'Marseille', 'Berlin', 'Hamburg',
              'München', 'Köln', 'Wien', 'Zürich', 'Genève', 'Milano', 'Roma', 'Napoli', 'Torino', 'Amsterdam',
              'Rotterdam', 'Bruxelles', 'Antwerpen', 'London', 'Manchester', 'Dublin', 'Edinburgh', 'Kraków', 'Warszawa', 'Praha',
              'Budapest', 'Malmö', 'Stockholm', 'Göteborg', 'København', 'Oslo', 'Helsinki', 'São Paulo', 'Montréal', 'Québec'])[1 + v % 40],
       '[{"code": "S", "name": "Stalls", "priceTier": "std", "rows": [{"label": "A", "seats": 100}, {"label": "B", "seats": 100, "priceTier": "box"}]}]',
       now(), true
from generate_series(0, 399) v;

insert into event (id, venue_id, name, performer, category, starts_at, on_sale_at, hold_ttl_seconds,
                   max_tickets_per_user, currency, prices, status, created_at, updated_at)
select md5('event' || e)::uuid,
       md5('venue' || (e * 7919) % 400)::uuid,
       (array['Midnight', 'Summer', 'Electric', 'Golden', 'Silent', 'Wild', 'Blue', 'Northern', 'Crimson', 'Velvet',
              'Winter', 'Neon', 'Broken', 'Secret', 'Endless', 'Lost', 'Burning', 'Paper', 'Glass', 'Iron'])[1 + e % 20]
         || ' ' || (array['Dreams', 'Nights', 'Symphony', 'Tour', 'Festival', 'Sessions', 'Revival', 'Hearts', 'Gala', 'Live',
                          'Waves', 'Stories', 'Echoes', 'Lights', 'Roads', 'Rhapsody', 'Voices', 'Machines', 'Skies', 'Anthems'])[1 + (e / 20) % 20]
         || ' ' || (e % 1000),
       (array['Ana', 'Björn', 'Chloé', 'Dmitri', 'Elena', 'François', 'Greta', 'Hugo', 'Inés', 'Jonas',
              'Kasia', 'Lars', 'Marta', 'Noël', 'Oskar', 'Paula', 'Quentin', 'Rosa', 'Søren', 'Tomás'])[1 + (e / 3) % 20]
         || ' ' || (array['Almeida', 'Berg', 'Costa', 'Dupont', 'Eriksen', 'Fischer', 'García', 'Hansen', 'Ivanova', 'Jensen',
                          'Kowalski', 'Lambert', 'Müller', 'Nowak', 'Olsen', 'Petit', 'Rossi', 'Schmidt', 'Thorsen', 'Weber'])[1 + (e / 60) % 20]
         || case when e % 5 = 0 then ' & The ' || (array['Wolves', 'Comets', 'Sparrows', 'Engines', 'Tides'])[1 + (e / 7) % 5] else '' end,
       (array['concert', 'theatre', 'comedy', 'opera', 'dance', 'festival', 'sport', 'family'])[1 + (e / 11) % 8],
       timestamptz '2027-01-01 00:00:00+00' + (e * interval '631 seconds') + ((e * 37) % 24) * interval '1 hour',
       timestamptz '2026-11-01 10:00:00+00',
       600, 8, 'EUR',
       case e % 3
         when 0 then jsonb_build_object('std', 1000 + (e * 13) % 9000, 'box', 3000 + (e * 13) % 9000)
         when 1 then jsonb_build_object('std', 2500 + (e * 17) % 15000, 'box', 8000 + (e * 17) % 15000)
         else jsonb_build_object('std', 500 + (e * 19) % 4000, 'box', 500 + (e * 19) % 4000)
       end,
       case when e % 50 = 0 then 'DRAFT' when e % 50 = 1 then 'CANCELLED' else 'PUBLISHED' end,
       now(), now()
from generate_series(0, :events - 1) e;

analyze venue;
analyze event;
