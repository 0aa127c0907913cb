-- A purchase attempt is a state machine (dev.marquee.sale.AttemptStatus): only its states are stored.
alter table purchase_attempt add constraint purchase_attempt_status_known check (status in
    ('PENDING', 'CHARGED', 'UNKNOWN', 'SETTLING', 'CONFIRMED', 'DECLINED', 'FAILED', 'REFUNDED'));
