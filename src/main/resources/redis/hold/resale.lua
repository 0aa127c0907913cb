-- Lists sold seats for resale (ARGV 1 = 'LIST': each seat still sold goes into the resale hash
-- with its price and seller, 'price:sellerId', so that hold.lua can refuse a seller their own
-- listing; an entry written before sellers were kept, 'price' alone, gets its seller added) or ends their listing (ARGV 1 = 'END': each leaves the hash; one held by a buyer
-- at that moment stays held, and the buyer's purchase then finds it lost). Answers {seq, changed
-- seats...} (seq '0' if nothing changed).
-- KEYS: 1 seq, 2 sold, 3 resale, 4 heldseats
-- ARGV: 1 LIST or END, 2.. seat id, 'price:sellerId' (LIST) or seat ids
local result = {'0'}
if ARGV[1] == 'LIST' then
  for i = 2, #ARGV, 2 do
    local seat = ARGV[i]
    local current = redis.call('HGET', KEYS[3], seat)
    if current then
      if not string.find(current, ':', 1, true) then
        redis.call('HSET', KEYS[3], seat, ARGV[i + 1])
      end
    elseif redis.call('SISMEMBER', KEYS[2], seat) == 1 then
      redis.call('HSET', KEYS[3], seat, ARGV[i + 1])
      result[#result + 1] = seat
    end
  end
else
  for i = 2, #ARGV do
    local seat = ARGV[i]
    if redis.call('HDEL', KEYS[3], seat) == 1 and not redis.call('HGET', KEYS[4], seat) then
      result[#result + 1] = seat
    end
  end
end
if #result > 1 then
  result[1] = nextSeq(KEYS[1])
end
return result
