-- A charge may wait for the buyer's authentication (3-D Secure): AWAITING (dev.marquee.sale.AttemptStatus).
alter table purchase_attempt drop constraint purchase_attempt_status_known;
alter table purchase_attempt add constraint purchase_attempt_status_known check (status in
    ('PENDING', 'CHARGED', 'UNKNOWN', 'AWAITING', 'SETTLING', 'CONFIRMED', 'DECLINED', 'FAILED', 'REFUNDED'));
