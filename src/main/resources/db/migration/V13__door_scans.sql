-- The door: every admission with the gate and device that made it, and the scans a device
-- made offline and sent later with the server's verdict on each (a double entry is kept, so
-- organizers see it). One row per (code, device, device time): a device sending the same
-- scan again finds its row and gets the same answer.
create table door_scan (
    id          bigserial   primary key,
    event_id    uuid        not null,
    ticket_id   uuid,                   -- null when the code names no ticket
    code_hash   text        not null,   -- SHA-256 of the code's text, base64url
    gate        text,
    device_id   text,
    scanned_at  timestamptz not null,   -- the device's clock (the server's for online scans)
    settled_at  timestamptz not null,   -- the server's clock
    outcome     text        not null,   -- ADMITTED, DOUBLE_ENTRY or INVALID
    reason      text                    -- why INVALID: forged, reissued, cancelled, other-event, unknown
);
create unique index door_scan_once on door_scan (code_hash, device_id, scanned_at);
-- a ticket admits once: at most one admission row each
create unique index door_scan_admission on door_scan (ticket_id) where outcome = 'ADMITTED';
create index door_scan_gates on door_scan (event_id, gate) where outcome = 'ADMITTED';
