-- Moves an event's seq on without changing a seat (to announce a change made earlier).
-- KEYS: 1 seq
return nextSeq(KEYS[1])
