-- A consistent view at one seq: {seq, number of sold seats, sold seats..., held seats...}
-- (a missing seq is seeded first, seq.lua, so the next change follows this snapshot by one)
-- KEYS: 1 seq, 2 sold, 3 heldseats
seedSeq(KEYS[1])
local sold = redis.call('SMEMBERS', KEYS[2])
local held = redis.call('HKEYS', KEYS[3])
local result = {redis.call('GET', KEYS[1]), tostring(#sold)}
for i = 1, #sold do
  result[#result + 1] = sold[i]
end
for i = 1, #held do
  result[#result + 1] = held[i]
end
return result
