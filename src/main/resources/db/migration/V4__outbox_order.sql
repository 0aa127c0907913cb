-- The outbox relay takes a row only once every earlier row of its order is published (so that
-- relays running side by side never send an order's cancellation before its confirmation); this
-- finds an order's unpublished rows without reading the published ones.
create index outbox_unpublished_by_aggregate on outbox (aggregate_id, id) where published_at is null;
