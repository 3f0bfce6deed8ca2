-- A token-bucket rate limiter, as client libraries ship it (one bucket: tokens and the time of the
-- last refill, each in a string key that expires when the bucket would be full again).
-- KEYS[1] tokens, KEYS[2] last refill (ms); ARGV: capacity, tokens per ms, now (ms), tokens wanted.
-- Returns {1 if allowed else 0, tokens left}.
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local wanted = tonumber(ARGV[4])
local tokens = tonumber(redis.call('GET', KEYS[1]))
local last = tonumber(redis.call('GET', KEYS[2]))
if tokens == nil then tokens = capacity end
if last == nil then last = now end
tokens = math.min(capacity, tokens + math.max(0, now - last) * rate)
local allowed = 0
if tokens >= wanted then
  tokens = tokens - wanted
  allowed = 1
end
local ttl = math.ceil(capacity / rate) * 2
redis.call('SET', KEYS[1], tokens, 'PX', ttl)
redis.call('SET', KEYS[2], now, 'PX', ttl)
return {allowed, tostring(tokens)}
