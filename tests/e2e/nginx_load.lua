-- wrk script of tests/e2e/nginx_load.py: cycles through a fixed mix of
-- requests and counts the responses whose status is not the one expected
-- for the request they answer (nginx echoes the request's X-Case header).
--   wrk ... -s nginx_load.lua URL -- PATH 'STATUS|Header: value' ...
-- An empty header part sends the request without credentials. A single
-- '@FILE' argument reads the mix from FILE, one 'STATUS|Header: value' a
-- line, and sends each request once (prints EXHAUSTED if they run out).
local requests, expected = {}, {}
local once = false

function init(args)
  local path = args[1]
  local mix = {}
  if #args == 2 and args[2]:sub(1, 1) == "@" then
    once = true
    for line in io.lines(args[2]:sub(2)) do
      mix[#mix + 1] = line
    end
  else
    for i = 2, #args do
      mix[#mix + 1] = args[i]
    end
  end
  for i = 1, #mix do
    local status, header = mix[i]:match("^(%d+)|(.*)$")
    local headers = { ["X-Case"] = tostring(i) }
    if header ~= "" then
      local name, value = header:match("^([^:]+): (.*)$")
      headers[name] = value
    end
    requests[#requests + 1] = wrk.format("GET", path, headers)
    expected[tostring(i)] = tonumber(status)
  end
end

local n = 0
exhausted = 0
function request()
  n = n + 1
  if once and n > #requests then
    exhausted = 1
  end
  return requests[(n - 1) % #requests + 1]
end

unexpected = 0
function response(status, headers, body)
  if expected[headers["X-Case"]] ~= status then
    unexpected = unexpected + 1
  end
end

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local bad, out = 0, 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("unexpected")
    out = out + t:get("exhausted")
  end
  if out > 0 then
    io.write("EXHAUSTED\n")
  end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d unexpected=%d socket_errors=%d\n",
    summary.requests, bad, e.connect + e.read + e.write + e.timeout))
end
