-- Arena publish script (docs/design.md, "Event path" and "Redis keys"): assigns contiguous seqs and appends one batch of one run's events
-- atomically. Idempotent per (producer, batch): a re-sent batch returns the seq it got the first
-- time instead of appending again.
--
-- Two ways to pass the envelopes. Template mode (ARGV[12] = '0'): each is the text after its seq,
-- and the script builds prefix .. seq .. suffix. Exact mode (ARGV[12] = the first seq the producer
-- expects): each is the complete envelope, rendered by the producer for those seqs; when the run
-- has moved on (another producer wrote meanwhile) nothing is written and the producer re-sends in
-- template mode. Exact mode saves building every envelope string inside Redis.
--
-- KEYS: 1 :open sentinel, 2 :seq counter, 3 :events stream, 4 :meta hash (all one hash slot)
-- ARGV: 1 producer id, 2 batch number, 3 mode ('open' | 'pub'), 4 maxlen,
--       5 sentinel ttl ms, 6 data ttl ms while open, 7 data ttl ms once closed,
--       8 '1' if the batch ends with the terminal event, 9 envelope prefix (up to "seq":),
--       10 started_at (open only), 11 parent_run_id (open only, may be ''),
--       12 expected first seq ('0' = template mode), 13 news channel ('' = none; on a Redis Cluster the
--       run's sharded channel, told the batch's last seq with SPUBLISH), 14.. envelopes (suffixes or complete)
-- Returns {first seq of the batch, 0} when applied, {first seq, 1} when this batch had already been
-- applied, {current last seq, 2} when an exact-mode batch expected another first seq.

local field = 'p:' .. ARGV[1]
local batch = ARGV[2]
local applied = redis.call('HGET', KEYS[4], field)
if applied then
  local b, first = string.match(applied, '^(%d+):(%d+)$')
  if b == batch then
    return {tonumber(first), 1}
  end
end

local cur = redis.call('GET', KEYS[2])
local has_stream = redis.call('EXISTS', KEYS[3]) == 1
if ARGV[3] == 'open' then
  if cur or has_stream then
    return redis.error_reply('ARENA_EXISTS run already exists')
  end
else
  if not cur then
    if has_stream then
      return redis.error_reply('ARENA_RESET the seq counter is missing while the stream exists; refusing to restart seqs')
    end
    return redis.error_reply('ARENA_UNKNOWN no such run')
  end
  local top = redis.call('XREVRANGE', KEYS[3], '+', '-', 'COUNT', 1)[1]
  if top then
    local top_seq = tonumber(string.match(top[1], '^(%d+)-'))
    if top_seq > tonumber(cur) then
      return redis.error_reply('ARENA_RESET the seq counter (' .. cur .. ') is behind the stream (' .. top_seq .. '); refusing to restart seqs')
    end
    if redis.call('EXISTS', KEYS[1]) == 0 then
      local kind = string.match(top[2][2], '^{"schema_version":"[^"]*","run_id":"[^"]*","seq":%d+,"kind":"([^"]*)"')
      if kind == 'run.complete' or kind == 'run.error' or kind == 'run.reaped' or kind == 'run.cancelled' then
        return redis.error_reply('ARENA_CLOSED run already closed')
      end
    end
  end
end

local n = #ARGV - 13
local first = tonumber(cur or 0) + 1
local expected = tonumber(ARGV[12])
if expected > 0 and expected ~= first then
  return {first - 1, 2}
end
redis.call('INCRBY', KEYS[2], n)
local events = KEYS[3]
if expected > 0 then
  for i = 1, n do
    redis.call('XADD', events, (first + i - 1) .. '-0', 'data', ARGV[13 + i])
  end
else
  local prefix = ARGV[9]
  for i = 1, n do
    local s = tostring(first + i - 1)
    redis.call('XADD', events, s .. '-0', 'data', prefix .. s .. ARGV[13 + i])
  end
end
redis.call('XTRIM', KEYS[3], 'MAXLEN', '~', ARGV[4])
if ARGV[3] == 'open' then
  redis.call('HSET', KEYS[4], 'started_at', ARGV[10])
  if ARGV[11] ~= '' then
    redis.call('HSET', KEYS[4], 'parent_run_id', ARGV[11])
  end
end
redis.call('HSET', KEYS[4], field, batch .. ':' .. first)
local ttl = ARGV[6]
if ARGV[8] == '1' then
  redis.call('DEL', KEYS[1])
  ttl = ARGV[7]
else
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[5])
end
redis.call('PEXPIRE', KEYS[2], ttl)
redis.call('PEXPIRE', KEYS[3], ttl)
redis.call('PEXPIRE', KEYS[4], ttl)
if ARGV[13] ~= '' then
  redis.call('SPUBLISH', ARGV[13], tostring(first + n - 1))
end
return {first, 0}
