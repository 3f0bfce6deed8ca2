-- Compare-and-set: KEYS[1] becomes ARGV[2] only if it holds ARGV[1] now; returns 1 if it did.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2])
  return 1
end
return 0
