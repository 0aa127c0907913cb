-- The statements GET /api/v1/events runs (CatalogRepository.search) for typical searches,
-- with EXPLAIN (ANALYZE, BUFFERS), each run once to warm the cache and then measured. Read by
-- bench/search.sh against the seeded database.
\set ON_ERROR_STOP on
\pset pager off

\echo '### 1. q=golden dreams (as-you-type prefixes, by relevance)'
select id from event e where not rehearsal and status <> 'DRAFT'
  and search @@ to_tsquery('simple', 'golden:* & dreams:*')
  order by ts_rank(search, to_tsquery('simple', 'golden:* & dreams:*')) desc, id desc limit 21 \g /dev/null
explain (analyze, buffers, costs off)
select id, starts_at, name, min_price_minor, ts_rank(search, to_tsquery('simple', 'golden:* & dreams:*')) as rank
  from event e where not rehearsal and status <> 'DRAFT'
  and search @@ to_tsquery('simple', 'golden:* & dreams:*')
  order by ts_rank(search, to_tsquery('simple', 'golden:* & dreams:*')) desc, id desc limit 21;

\echo '### 2. q=muller (a performer, accents folded), soonest first'
explain (analyze, buffers, costs off)
select id, starts_at, name, min_price_minor, 0::real as rank
  from event e where not rehearsal and status <> 'DRAFT'
  and search @@ to_tsquery('simple', 'muller:*')
  order by starts_at asc, id asc limit 21;

\echo '### 3. a one-letter prefix m:* (the server sends a one-letter word whole, not as a prefix), by relevance'
explain (analyze, buffers, costs off)
select id, starts_at, name, min_price_minor, ts_rank(search, to_tsquery('simple', 'm:*')) as rank
  from event e where not rehearsal and status <> 'DRAFT'
  and search @@ to_tsquery('simple', 'm:*')
  order by ts_rank(search, to_tsquery('simple', 'm:*')) desc, id desc limit 21;

\echo '### 4. city=Berlin, March 2027, soonest first'
explain (analyze, buffers, costs off)
select id, starts_at, name, min_price_minor, 0::real as rank
  from event e where not rehearsal and status <> 'DRAFT'
  and starts_at >= '2027-03-01T00:00:00Z' and starts_at < '2027-04-01T00:00:00Z'
  and marquee_fold(venue_city) = marquee_fold('Berlin')
  order by starts_at asc, id asc limit 21;

\echo '### 5. deep page: soonest first, after a cursor in June 2028 (page ~3,500 of 20)'
explain (analyze, buffers, costs off)
select id, starts_at, name, min_price_minor, 0::real as rank
  from event e where not rehearsal and status <> 'DRAFT'
  and (starts_at, id) > ('2028-06-01T00:00:00Z', '00000000-0000-0000-0000-000000000000')
  order by starts_at asc, id asc limit 21;

\echo '### 6. maxPrice=1500, available=true, cheapest first'
explain (analyze, buffers, costs off)
select id, starts_at, name, min_price_minor, 0::real as rank
  from event e where not rehearsal and status <> 'DRAFT'
  and min_price_minor <= 1500
  and status = 'PUBLISHED' and starts_at > now() and seat_count - cardinality(blocked_seat_ids)
    > (select count(*) from ticket t where t.event_id = e.id and t.status in ('VALID', 'USED'))
  order by min_price_minor asc, id asc limit 21;

\echo '### 7. q=concert, city=Paris, category=concert, 2027, by name'
explain (analyze, buffers, costs off)
select id, starts_at, name, min_price_minor, ts_rank(search, to_tsquery('simple', 'concert:*')) as rank
  from event e where not rehearsal and status <> 'DRAFT'
  and search @@ to_tsquery('simple', 'concert:*')
  and starts_at >= '2027-01-01T00:00:00Z' and starts_at < '2028-01-01T00:00:00Z'
  and marquee_fold(venue_city) = marquee_fold('Paris')
  and marquee_fold(category) = marquee_fold('concert')
  order by name asc, id asc limit 21;

\echo '### 8. q=ros (a prefix that a tenth of the events match), by relevance'
explain (analyze, buffers, costs off)
select id, starts_at, name, min_price_minor, ts_rank(search, to_tsquery('simple', 'ros:*')) as rank
  from event e where not rehearsal and status <> 'DRAFT'
  and search @@ to_tsquery('simple', 'ros:*')
  order by ts_rank(search, to_tsquery('simple', 'ros:*')) desc, id desc limit 21;
