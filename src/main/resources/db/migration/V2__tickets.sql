-- After the sale: each ticket's code has a version (a transfer re-issues the code, so the old
-- one stops working) and the time it was scanned in; transfers leave an audit trail.
alter table ticket add column code_version integer not null default 1;
alter table ticket add column used_at timestamptz;

create table ticket_transfer (
    id              bigserial primary key,
    ticket_id       uuid        not null references ticket (id),
    from_user_id    text        not null,
    to_user_id      text        not null,
    from_version    integer     not null,
    transferred_at  timestamptz not null
);
create index ticket_transfer_ticket on ticket_transfer (ticket_id, id);

-- Cancellation: when an order was cancelled, what it refunded, and whether the refund went
-- through (PENDING ones are retried); each event's refund cut-off.
alter table orders add column cancelled_at timestamptz;
alter table orders add column refund_minor bigint;
alter table orders add column refund_status text;
create index orders_refund_pending on orders (refund_status) where refund_status = 'PENDING';
alter table event add column refund_cutoff_hours integer not null default 48;
