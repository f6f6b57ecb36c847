/**
 * The rate budget's steps as Lua, each run by Redis as one step, so that the workers of one account
 * never both take the last slot. Times are Redis's own (TIME), so the workers' clocks need not
 * agree. The same rules as memory/rateGate.ts, for every process at once:
 * - burst: a sorted set of write slots, each held from its start until 5 s after its answer
 *   (while in flight, until its timeout has surely passed: a worker that dies frees its slots);
 * - per minute: what Help Scout's latest answer said was left, plus the units counted in it that
 *   have since left Help Scout's sliding minute, less the units in flight;
 * - a 429's pause for every worker, then one request alone to learn what the window holds.
 *
 * KEYS: the budget (hash), requests in flight, answered requests of the last minute, write slots.
 * A request is `id|cost|startedAt`; an answered one adds `|answeredAt`.
 */
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local budget, flight, minute, burst = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local function keep(key, ms) if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, ms) end end
`;

/** ARGV: cost, write (1/0), burst writes, id, hold ms. Returns {1, now} or {0, ms to wait}. */
export const ACQUIRE_LUA = `${NOW}
local cost, write, burstWrites, id, holdMs = tonumber(ARGV[1]), ARGV[2] == '1', tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5])
local pausedUntil = tonumber(redis.call('HGET', budget, 'pausedUntil') or '0')
if pausedUntil > now then return {0, pausedUntil - now} end
redis.call('ZREMRANGEBYSCORE', flight, '-inf', now)
local reportAt = tonumber(redis.call('HGET', budget, 'reportAt') or '0')
local gone = redis.call('ZRANGEBYSCORE', minute, '-inf', now)
for _, entry in ipairs(gone) do
  local c, startedAt, answeredAt = string.match(entry, '|(%d+)|(%d+)|(%d+)$')
  if tonumber(answeredAt) <= reportAt and tonumber(startedAt) + 60000 > reportAt then
    redis.call('HINCRBY', budget, 'returned', c)
  end
end
if #gone > 0 then redis.call('ZREMRANGEBYSCORE', minute, '-inf', now) end
local inFlight = 0
for _, entry in ipairs(redis.call('ZRANGE', flight, 0, -1)) do
  inFlight = inFlight + tonumber(string.match(entry, '^[^|]*|(%d+)|'))
end
local remaining = redis.call('HGET', budget, 'remaining')
if redis.call('HGET', budget, 'probing') == '1' then
  if inFlight > 0 then return {0, 25} end
elseif remaining then
  local units = tonumber(remaining) + tonumber(redis.call('HGET', budget, 'returned') or '0') - inFlight
  if units < cost then
    if inFlight > 0 then return {0, 25} end
    local soonest = redis.call('ZRANGE', minute, 0, 0, 'WITHSCORES')
    if soonest[2] and tonumber(soonest[2]) - now <= 5000 then return {0, tonumber(soonest[2]) - now} end
  end
end
if write then
  redis.call('ZREMRANGEBYSCORE', burst, '-inf', now)
  if redis.call('ZCARD', burst) >= burstWrites then
    local first = redis.call('ZRANGE', burst, 0, 0, 'WITHSCORES')
    return {0, math.max(1, math.min(tonumber(first[2]) - now, 100))}
  end
  redis.call('ZADD', burst, now + holdMs, id)
  keep(burst, holdMs)
end
redis.call('ZADD', flight, now + holdMs, id .. '|' .. cost .. '|' .. now)
keep(flight, holdMs)
keep(budget, 120000)
return {1, now}
`;

/** ARGV: the request, its id, write (1/0), units left ('' unknown), the 429's wait ('' none). */
export const RELEASE_LUA = `${NOW}
local request, id, write, remaining, retryAfterMs = ARGV[1], ARGV[2], ARGV[3] == '1', ARGV[4], ARGV[5]
redis.call('ZREM', flight, request)
if write and redis.call('ZSCORE', burst, id) then
  redis.call('ZADD', burst, now + 5050, id)
  keep(burst, 5050)
end
if retryAfterMs ~= '' then
  local pauseEnd = now + tonumber(retryAfterMs)
  if pauseEnd > tonumber(redis.call('HGET', budget, 'pausedUntil') or '0') then
    redis.call('HSET', budget, 'pausedUntil', pauseEnd)
  end
  redis.call('HDEL', budget, 'remaining')
  redis.call('HSET', budget, 'probing', '1', 'returned', '0')
  keep(budget, tonumber(retryAfterMs) + 120000)
elseif remaining ~= '' then
  redis.call('ZADD', minute, now + 60050, request .. '|' .. now)
  keep(minute, 60050)
  redis.call('HSET', budget, 'remaining', remaining, 'reportAt', string.match(request, '|(%d+)$'), 'probing', '0', 'returned', '0')
  keep(budget, 120000)
else
  redis.call('HDEL', budget, 'remaining')
  redis.call('HSET', budget, 'probing', '0')
  keep(budget, 120000)
end
return 1
`;

/** A claim is taken once: 0 when the key already holds this user, else 1 (and kept ARGV[2] ms). */
export const CLAIM_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

/** A turn's lock is let go, or kept longer, only by the holder that took it. */
export const UNLOCK_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
export const EXTEND_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;
