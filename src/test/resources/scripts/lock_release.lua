-- Redlock-style lock, release: only the holder (the value it locked with) may delete it.
-- KEYS[1] the lock; ARGV[1] the holder's value.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
else
  return 0
end
