-- A declined payment gives the hold back to its countdown.
-- KEYS: 1 hold record
if redis.call('HGET', KEYS[1], 'status') == 'PAYING' then
  redis.call('HSET', KEYS[1], 'status', 'ACTIVE')
  return 1
end
return 0
