-- Places holds, one after the other: the holds of one event asked for in the same turn of one event
-- loop (LoopBatches), each all-or-nothing on the first of its candidate blocks whose seats are free
-- (one block for a hold of chosen seats; the best blocks, best first, for best available, so that
-- buyers asking at the same moment each get the next best block instead of colliding on the
-- first). Every key shares the event's hash tag, so this is one slot, but for the hold's ref.
-- One hold's KEYS: 1 seq, 2 sold, 3 heldseats, 4 holds, 5 userheld, 6 userbought, 7 hold record,
--       8.. seat keys (block after block), then the resale hash (seats listed for resale: sold,
--       yet holdable; seat -> 'price:sellerId', or 'price' alone as written before sellers were
--       kept; false when the event has none), then, on a single Redis only, the hold's ref
--       (hold id -> event: outside the event's slot, so on a cluster the caller writes it before
--       the script instead)
-- Its ARGV: 1 holdId, 2 userId, 3 ttlSeconds, 4 expiresAtMs, 5 maxPerUser, 6 recordTtlSeconds,
--       7 hold record key prefix, 8 currency, 9 createdAtMs, 10 seats per block q,
--       11 number of blocks b, 12..11+b total of each block, then the seat ids (block after block),
--       then each block's per-seat prices (one argument per block, kept as the record's 'prices'),
--       then, with the ref, the event id it names
-- A seat listed for resale is held at its listing's price, read here, in the same step that finds
-- it holdable: its entry in the record's 'prices' becomes 'price:R' and the block's total follows.
-- Answers {'OK', seq, block number, total, prices} (the block's as the record keeps them),
-- {'LIMIT', held + bought}, {'UNAVAILABLE', the taken seats
-- of the last block tried}, or {'OWN', the seats of the last block tried that the buyer listed for
-- resale themselves}: a seller never holds their own listing (a block with one is skipped).
local function placeHold(KEYS, ARGV)
  local q, b = tonumber(ARGV[10]), tonumber(ARGV[11])
  local first = 11 + b
  local resale, ref = KEYS[8 + b * q], KEYS[9 + b * q]
  local holdId, userId = ARGV[1], ARGV[2]
  local held = tonumber(redis.call('HGET', KEYS[5], userId) or '0')
  local bought = tonumber(redis.call('HGET', KEYS[6], userId) or '0')
  if held + bought + q > tonumber(ARGV[5]) then
    return {'LIMIT', tostring(held + bought)}
  end
  local unavailable, own, listings
  for block = 0, b - 1 do
    unavailable, own, listings = {'UNAVAILABLE'}, {'OWN'}, {}
    for i = block * q + 1, block * q + q do
      local seat = ARGV[first + i]
      local listing = resale and redis.call('HGET', resale, seat)
      if listing then
        -- (a missing field reads as false, which would still make the table non-empty)
        listings[i - block * q] = listing
      end
      if listing and string.match(listing, '^%-?%d+:(.*)$') == userId then
        own[#own + 1] = seat
      end
      local taken = (redis.call('SISMEMBER', KEYS[2], seat) == 1 and not listing)
        or redis.call('EXISTS', KEYS[7 + i]) == 1
      if not taken then
        -- a hold whose payment is in flight keeps its seats even if their keys just expired
        local other = redis.call('HGET', KEYS[3], seat)
        if other and redis.call('HGET', ARGV[7] .. other, 'status') == 'PAYING' then
          taken = true
        end
      end
      if taken then
        unavailable[#unavailable + 1] = seat
      end
    end
    if #unavailable == 1 and #own == 1 then
      local total, prices = ARGV[12 + block], ARGV[first + b * q + block + 1]
      if next(listings) then
        local each, sum, n = {}, 0, 0
        for entry in string.gmatch(prices, '[^,]+') do
          n = n + 1
          if listings[n] then
            entry = string.match(listings[n], '^(%-?%d+)') .. ':R'
          end
          each[n] = entry
          sum = sum + tonumber(string.match(entry, '^(%-?%d+)'))
        end
        total, prices = string.format('%d', sum), table.concat(each, ',')
      end
      if ref then
        -- the first write: if it fails, the script stops with nothing written (a script's writes
        -- are not undone), so a hold is never placed without its ref
        redis.call('SET', ref, ARGV[first + b * q + b + 1], 'EX', tonumber(ARGV[6]))
      end
      local seats = {}
      for i = block * q + 1, block * q + q do
        local seat = ARGV[first + i]
        redis.call('SET', KEYS[7 + i], holdId, 'NX', 'EX', tonumber(ARGV[3]))
        redis.call('HSET', KEYS[3], seat, holdId)
        seats[#seats + 1] = seat
      end
      redis.call('HSET', KEYS[7], 'userId', userId, 'seats', table.concat(seats, ','), 'expiresAt', ARGV[4],
        'status', 'ACTIVE', 'totalMinor', total, 'currency', ARGV[8], 'createdAt', ARGV[9], 'prices', prices)
      redis.call('EXPIRE', KEYS[7], tonumber(ARGV[6]))
      redis.call('ZADD', KEYS[4], ARGV[4], holdId)
      redis.call('HINCRBY', KEYS[5], userId, q)
      return {'OK', nextSeq(KEYS[1]), tostring(block + 1), total, prices}
    end
  end
  if #own > 1 then
    return own
  end
  return unavailable
end

-- The batch: KEYS 1-6 the event's seq, sold, heldseats, holds, userheld and userbought, 7 its resale
-- hash (shared by every hold of the batch), then each hold's own keys one hold after the other: its
-- record, its seat keys, then its ref if it has one. ARGV 1 the number of holds n, 2 the hold record
-- key prefix, then each hold's own key and argument counts (n pairs), then each hold's arguments,
-- one hold after the other: placeHold's ARGV without the prefix (7). Answers one answer per hold, in
-- order. A hold whose Redis call fails answers {'ERR', message} and stops there, as a script of its
-- own would have (a script's writes are not undone); the holds after it are still placed. No hold
-- writes the resale hash, so whether the event has one is asked once for the batch: without it
-- (no seat listed), no seat's listing is looked up.
local n = tonumber(ARGV[1])
local resale = redis.call('EXISTS', KEYS[7]) == 1 and KEYS[7]
local answers, k, a = {}, 7, 2 + 2 * n
for h = 1, n do
  local nk, na = tonumber(ARGV[1 + 2 * h]), tonumber(ARGV[2 + 2 * h])
  local args = {}
  for i = 1, na do
    args[#args + 1] = ARGV[a + i]
    if i == 6 then
      args[7] = ARGV[2]
    end
  end
  local seats = tonumber(args[10]) * tonumber(args[11])
  local keys = {KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[k + 1]}
  for i = 1, seats do
    keys[7 + i] = KEYS[k + 1 + i]
  end
  keys[8 + seats] = resale
  if nk > 1 + seats then
    keys[9 + seats] = KEYS[k + 2 + seats]
  end
  k, a = k + nk, a + na
  local ok, answer = pcall(placeHold, keys, args)
  if ok then
    answers[h] = answer
  else
    answers[h] = {'ERR', type(answer) == 'table' and tostring(answer.err) or tostring(answer)}
  end
end
return answers
