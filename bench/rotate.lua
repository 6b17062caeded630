-- wrk script: each request takes the next path from a file (one path a
-- line, given after `--`), so a run rotates over the query set or the ids
-- instead of hammering one cached answer. Threads start at different offsets.
local paths = {}
local i = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  -- Without paths wrk would silently request "/" instead: fail loudly.
  assert(#paths > 0, "rotate.lua: no paths read from " .. tostring(args[1]))
  i = math.random(#paths)
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
