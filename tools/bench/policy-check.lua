-- wrk script: POST /policy/v1/check with the checks of the load sample (the questions.tsv DatasetSeeder writes: workspace,
-- subject type, subject id, permission, resource type, resource id, expected verdict; one check a line, tab-separated),
-- the operator secret as bearer, no consistency (minimizeLatency). Each thread walks the sample from its own offset.
--
--   wrk -t2 -c32 -d20s -s tools/bench/policy-check.lua http://127.0.0.1:8084/policy/v1/check -- QUESTIONS SECRET_FILE
--
-- Verification: wrk does not tell a response which request it answers once a thread has several connections, so the
-- answers are checked in aggregate: per thread, there may not be more "allowed" answers than allowed checks sent, nor
-- more "denied" than denied ones, and all checks sent but the ones in flight when wrk stops (at most one per connection,
-- WRK_CONNECTIONS, plus the one request wrk generates at start to inspect the script) must be answered; any other
-- status than 200 or a body without a verdict counts as bad. (HttpCheckLoad checks every single answer.)
-- done() prints one line: RESULT key=value ... for tools/bench/run-policy-load.sh.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

-- per thread (globals, so that done() can read them with thread:get)
issued_allowed, issued_denied, got_allowed, got_denied, bad, first_bad = 0, 0, 0, 0, 0, ""
local bodies, expected, count, index = {}, {}, 0, 0

function init(args)
  local questions, secret_file = args[1], args[2]
  if not questions or not secret_file then
    error("usage: wrk ... -s policy-check.lua URL -- QUESTIONS_TSV OPERATOR_SECRET_FILE")
  end
  for line in io.lines(questions) do
    local f = {}
    for field in string.gmatch(line, "[^\t]+") do f[#f + 1] = field end
    if #f == 7 then
      count = count + 1
      bodies[count] = string.format(
        '{"workspaceId":"%s","subject":{"type":"%s","id":"%s"},"permission":"%s","resource":{"type":"%s","id":"%s"}}',
        f[1], f[2], f[3], f[4], f[5], f[6])
      expected[count] = (f[7] == "true")
    end
  end
  if count == 0 then error(questions .. " holds no checks") end
  local file = assert(io.open(secret_file))
  local secret = file:read("*l")
  file:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. secret
  index = ((id - 1) * 7919) % count   -- each thread starts elsewhere in the sample
end

function request()
  index = index % count + 1
  if expected[index] then issued_allowed = issued_allowed + 1 else issued_denied = issued_denied + 1 end
  return wrk.format(nil, nil, nil, bodies[index])
end

function response(status, headers, body)
  if status == 200 and string.find(body, '"allowed":true', 1, true) then
    got_allowed = got_allowed + 1
  elseif status == 200 and string.find(body, '"allowed":false', 1, true) then
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
    -- more answers of a kind than checks of that kind sent is a wrong answer for sure
    if tga > tia or tgd > tid then wrong = wrong + 1 end
  end
  local unanswered = (ia + id_) - (ga + gd + b)
  -- in flight at the stop: one per connection, plus the request wrk asks thread 1's script for once to check it
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
