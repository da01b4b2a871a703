// Lua run inside Redis, so each check-and-act is one atomic step across replicas.

/** KEYS[1] holds ARGV[1]? Then delete it. Returns 1 when it did. */
export const DELETE_IF = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** KEYS[1] holds ARGV[1]? Then set it to ARGV[2] for ARGV[3] ms. Returns 1 when it did. */
export const REPLACE_IF = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end
return 0`;

/** Adds ARGV[1] to KEYS[1]; the add that creates it opens a window of ARGV[2] ms. Returns {total, ms left}. */
export const ADD_IN_WINDOW = `
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  left = tonumber(ARGV[2])
end
return {total, left}`;
