-- Arena publish check (docs/design.md, "Event path", "Direct appends"): the per-batch half of a
-- direct append. The publisher WATCHes the run's :seq and :events, runs this script, and only if it
-- answers "go" sends MULTI, one native XADD per event with the ids it computed, the batch's counter,
-- trimming, sentinel and expiry commands, and EXEC. The script writes nothing; the WATCH makes the EXEC
-- fail if anything touched the run between this check and the EXEC, so the EXEC applies exactly the
-- state checked here. The checks are those of publish.lua (keep the two in step).
--
-- KEYS: 1 :open sentinel, 2 :seq counter, 3 :events stream, 4 :meta hash (all one hash slot)
-- ARGV: 1 producer id, 2 batch number, 3 the first seq the producer will write
-- Returns {first seq, 0}: go, the run's next seq is ARGV[3] and every id from it is above the stream's
-- last generated id; {first seq, 1}: this batch was already applied (re-sent after a lost reply);
-- {current last seq, 2}: the run has moved on (another producer wrote). Errors as publish.lua.

local applied = redis.call('HGET', KEYS[4], 'p:' .. ARGV[1])
if applied then
  local b, first = string.match(applied, '^(%d+):(%d+)$')
  if b == ARGV[2] then
    return {tonumber(first), 1}
  end
end

local cur = redis.call('GET', KEYS[2])
local has_stream = redis.call('EXISTS', KEYS[3]) == 1
if not cur then
  if has_stream then
    return redis.error_reply('ARENA_RESET the seq counter is missing while the stream exists; refusing to restart seqs')
  end
  return redis.error_reply('ARENA_UNKNOWN no such run')
end
cur = tonumber(cur)
if has_stream then
  local info = redis.call('XINFO', 'STREAM', KEYS[3])
  local last_id, top
  for i = 1, #info, 2 do
    if info[i] == 'last-generated-id' then
      last_id = info[i + 1]
    elseif info[i] == 'last-entry' then
      top = info[i + 1]
    end
  end
  local last_seq = tonumber(string.match(last_id, '^(%d+)-'))
  if last_seq > cur then
    return redis.error_reply('ARENA_RESET the seq counter (' .. cur .. ') is behind the stream (' .. last_seq .. '); refusing to restart seqs')
  end
  if top and redis.call('EXISTS', KEYS[1]) == 0 then
    local kind = string.match(top[2][2], '^{"schema_version":"[^"]*","run_id":"[^"]*","seq":%d+,"kind":"([^"]*)"')
    if kind == 'run.complete' or kind == 'run.error' or kind == 'run.reaped' or kind == 'run.cancelled' then
      return redis.error_reply('ARENA_CLOSED run already closed')
    end
  end
end
if tonumber(ARGV[3]) ~= cur + 1 then
  return {cur, 2}
end
return {cur + 1, 0}
