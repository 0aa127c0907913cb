-- A consistent view at one seq: {seq, number of sold seats, number of held seats, sold seats...,
-- held seats..., seats listed for resale...}
-- (a missing seq is seeded first, seq.lua, so the next change follows this snapshot by one)
-- KEYS: 1 seq, 2 sold, 3 heldseats, 4 resale
seedSeq(KEYS[1])
local sold = redis.call('SMEMBERS', KEYS[2])
local held = redis.call('HKEYS', KEYS[3])
local resale = redis.call('HKEYS', KEYS[4])
local result = {redis.call('GET', KEYS[1]), tostring(#sold), tostring(#held)}
for i = 1, #sold do
  result[#result + 1] = sold[i]
end
for i = 1, #held do
  result[#result + 1] = held[i]
end
for i = 1, #resale do
  result[#result + 1] = resale[i]
end
return result
