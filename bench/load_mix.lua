-- wrk script for bench/run_load.sh: rotates over a mix of search (text,
-- phrase, wildcard, boolean), facet-only searches with filters, browse
-- endpoints, comparison rows and similar clauses. Every answer must be a 200.
-- CATEGORY (from the environment) is a category slug of the index and
-- SIMILAR_IDS a comma list of clause ids, both found by run_load.sh.
local category = os.getenv("CATEGORY") or "none"
local paths = {
  "/v1/search?q=arbitration",
  "/v1/search?q=%22third%20parties%22&limit=20",
  "/v1/search?q=data%20sharing&sort=severity",
  "/v1/search?q=terminat*%20OR%20suspend*",
  "/v1/search?q=cookies%20-tracking&facet_limit=100",
  "/v1/search?q=liability%20AND%20(damages%20OR%20warranty)",
  "/v1/search?severity=high,critical&limit=0",
  "/v1/search?category=" .. category .. "&limit=0&facet_limit=1000",
  "/v1/search?q=account&severity=high&sort=platform&limit=50",
  "/v1/search?limit=100&offset=2000",
  "/v1/categories",
  "/v1/platforms",
  "/v1/compare?category=" .. category .. "&limit=20&per_platform=3",
  "/healthz",
}
for id in string.gmatch(os.getenv("SIMILAR_IDS") or "", "[^,]+") do
  paths[#paths + 1] = "/v1/clauses/" .. id .. "/similar?limit=10"
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
