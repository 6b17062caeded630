-- wrk script of bench/run_mixed.sh: a mix of 40% search, 30% clause fetch,
-- 20% similar clauses and 10% catalog views (categories, platforms, compare,
-- one category, healthz). Each kind rotates over its own file of paths
-- (given after `--`: SEARCH IDS SIMILAR CATALOG); threads start at random
-- offsets so they do not ask the same path at once.
local lists = {}
local next_of = {}
-- Ten requests in this order make the shares: 1 search, 2 clause,
-- 3 similar, 4 catalog; spread so that no kind comes in a burst.
local order = {1, 2, 1, 3, 2, 1, 2, 3, 1, 4}
local step = 0

function init(args)
  for k = 1, 4 do
    lists[k] = {}
    for line in io.lines(args[k]) do
      if #line > 0 then lists[k][#lists[k] + 1] = line end
    end
    -- Without paths wrk would silently request "/" instead: fail loudly.
    assert(#lists[k] > 0, "mixed.lua: no paths read from " .. tostring(args[k]))
    next_of[k] = math.random(#lists[k])
  end
  step = math.random(#order)
end

function request()
  step = step % #order + 1
  local k = order[step]
  next_of[k] = next_of[k] % #lists[k] + 1
  return wrk.format("GET", lists[k][next_of[k]])
end
