-- Stripe's webhooks name a payment: find the order that carries it, and the attempt by the
-- key the gateway knows it by (AttemptRepository.Attempt#gatewayKey).
create index orders_payment on orders (payment_id);
create index purchase_attempt_gateway_key on purchase_attempt ((idempotency_key || ':' || user_id));

-- Every webhook event handled, once: a repeated delivery is acknowledged and not handled again.
create table payment_webhook (
    event_id     text        primary key,
    type         text        not null,
    received_at  timestamptz not null
);
