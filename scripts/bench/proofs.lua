-- wrk script: random RFC 9162 proofs against a tree of TREE_SIZE entries.
-- MODE=inclusion (default) or MODE=consistency.
local size = tonumber(os.getenv("TREE_SIZE") or "1000000")
local mode = os.getenv("MODE") or "inclusion"
math.randomseed(os.time())
request = function()
  if mode == "consistency" then
    local from = math.random(1, size)
    return wrk.format("GET", "/v1/ledger/proof/consistency?from=" .. from .. "&to=" .. size)
  end
  local index = math.random(0, size - 1)
  return wrk.format("GET", "/v1/ledger/proof/inclusion?index=" .. index .. "&treeSize=" .. size)
end
