-- wrk script: POST /api/check/resources to Cerbos with the checks of cerbos-checks.tsv (NetworkCompareSeeder: per line
-- the expected verdict, a tab, and the JSON body a Cerbos user sends for the question — the principal with its role,
-- workspace and grants, the resource with its workspace, labels and parent). Each thread walks the sample from its own
-- offset. The twin of tools/bench/policy-check.lua (ours), with the same verification and the same RESULT line, so
-- that run-network-compare.sh reads both alike.
--
--   WRK_CONNECTIONS=64 wrk -t2 -c64 -d10s -s tools/bench/cerbos/cerbos-check.lua http://127.0.0.1:PORT/api/check/resources \
--     -- cerbos-checks.tsv
--
-- Verification: in aggregate per thread (wrk does not tell which request a response answers): no more EFFECT_ALLOW
-- answers than allowed checks sent, nor more EFFECT_DENY than denied ones, every check answered but those in flight at
-- the stop (one per connection, plus the request wrk asks the script for once at start); any status but 200 or a body
-- without an effect counts as bad.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

issued_allowed, issued_denied, got_allowed, got_denied, bad, first_bad = 0, 0, 0, 0, 0, ""
local bodies, expected, count, index = {}, {}, 0, 0

function init(args)
  local checks = args[1]
  if not checks then error("usage: wrk ... -s cerbos-check.lua URL -- CERBOS_CHECKS_TSV") end
  for line in io.lines(checks) do
    local tab = string.find(line, "\t", 1, true)
    if tab then
      count = count + 1
      expected[count] = (string.sub(line, 1, tab - 1) == "true")
      bodies[count] = string.sub(line, tab + 1)
    end
  end
  if count == 0 then error(checks .. " holds no checks") end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  index = ((id - 1) * 7919) % count
end

function request()
  index = index % count + 1
  if expected[index] then issued_allowed = issued_allowed + 1 else issued_denied = issued_denied + 1 end
  return wrk.format(nil, nil, nil, bodies[index])
end

function response(status, headers, body)
  if status == 200 and string.find(body, '"EFFECT_ALLOW"', 1, true) then
    got_allowed = got_allowed + 1
  elseif status == 200 and string.find(body, '"EFFECT_DENY"', 1, true) then
    got_denied = got_denied + 1
  else
    bad = bad + 1
    if first_bad == "" then first_bad = status .. " " .. string.sub(body or "", 1, 200) end
  end
end

function done(summary, latency, requests)
  local ia, id_, ga, gd, b, wrong, first = 0, 0, 0, 0, 0, 0, ""
  local connections = tonumber(os.getenv("WRK_CONNECTIONS") or "0")
  for _, t in ipairs(threads) do
    local tia, tid, tga, tgd = t:get("issued_allowed"), t:get("issued_denied"), t:get("got_allowed"), t:get("got_denied")
    ia, id_, ga, gd = ia + tia, id_ + tid, ga + tga, gd + tgd
    b = b + t:get("bad")
    if first == "" then first = t:get("first_bad") end
    if tga > tia or tgd > tid then wrong = wrong + 1 end
  end
  local unanswered = (ia + id_) - (ga + gd + b)
  local consistent = wrong == 0 and b == 0 and (connections == 0 or unanswered <= connections + 1)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d " ..
    "errors=%d sent_allowed=%d sent_denied=%d answered_allowed=%d answered_denied=%d bad=%d unanswered=%d verified=%s\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max,
    e.connect + e.read + e.write + e.status + e.timeout, ia, id_, ga, gd, b, unanswered,
    consistent and "yes" or "NO"))
  if first ~= "" then io.write("FIRST_BAD " .. first .. "\n") end
end
