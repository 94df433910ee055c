-- Token buckets shared by every gateway replica: takes one token from each bucket in KEYS, or none at all.
-- ARGV holds, for each key in order, its refill rate (tokens per second) and its burst (capacity).
-- Time is Redis's own clock (TIME), so the replicas' clocks never matter.
-- Returns 0 when the tokens were taken, otherwise the microseconds until every bucket holds one.
-- A bucket is a hash {tokens, at}; it expires once it would be full again, which is the same as absent.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local available = {}
local wait = 0
for i, key in ipairs(KEYS) do
  local perMicro = tonumber(ARGV[2 * i - 1]) / 1000000
  local burst = tonumber(ARGV[2 * i])
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = burst
  if state[1] and state[2] then
    tokens = math.min(burst, tonumber(state[1]) + math.max(0, now - tonumber(state[2])) * perMicro)
  end
  available[i] = tokens
  if tokens < 1 then
    wait = math.max(wait, math.ceil((1 - tokens) / perMicro))
  end
end
if wait > 0 then
  return wait
end
for i, key in ipairs(KEYS) do
  local rate = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  redis.call('HSET', key, 'tokens', string.format('%.17g', available[i] - 1), 'at', string.format('%.0f', now))
  redis.call('PEXPIRE', key, math.ceil(burst / rate * 1000) + 1000)
end
return 0
