-- Redlock-style lock, extend: only the holder (the value it locked with) may extend it.
-- KEYS[1] the lock; ARGV[1] the holder's value, ARGV[2] the new time to live in ms.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
else
  return 0
end
