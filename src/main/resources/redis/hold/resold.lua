-- A resale settled in PostgreSQL: each seller's resold seats leave their count of bought seats,
-- so that the ticket limit counts the tickets they still have (as the rebuild from PostgreSQL
-- does, which counts live tickets only).
-- KEYS: 1 userbought ; ARGV: seller id, number of seats resold, ... (pairs)
for i = 1, #ARGV, 2 do
  if redis.call('HINCRBY', KEYS[1], ARGV[i], -tonumber(ARGV[i + 1])) <= 0 then
    redis.call('HDEL', KEYS[1], ARGV[i])
  end
end
return #ARGV / 2
