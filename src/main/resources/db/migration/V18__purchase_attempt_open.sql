-- The purchase attempts still open (a purchase in flight, or one the recovery job has yet to
-- settle): a handful at any moment, however many purchases were ever made. The order statement
-- confirms the attempts of several orders at once, joined on their keys; its cached plan chose
-- between the primary key and a scan of the whole table by the table's size when it was made,
-- and went on scanning a table that had grown since (docs/BENCHMARKS.md). With this index the
-- open attempts are found among the open ones, at any size. (Not built CONCURRENTLY: that waits
-- for every open transaction, among them a second node's Flyway waiting for this one's lock,
-- which gives up; the build blocks purchases' writes to this table for its few seconds.)
create index purchase_attempt_open on purchase_attempt (user_id, idempotency_key)
    where status in ('PENDING', 'CHARGED', 'UNKNOWN', 'AWAITING');
