-- wrk script of tests/e2e/nginx_load.py: cycles through a fixed mix of
-- requests and counts the responses whose status is not the one expected
-- for the request they answer (nginx echoes the request's X-Case header).
--   wrk ... -s nginx_load.lua URL -- PATH 'STATUS|Header: value' ...
-- An empty header part sends the request without credentials.
local requests, expected = {}, {}

function init(args)
  local path = args[1]
  for i = 2, #args do
    local status, header = args[i]:match("^(%d+)|(.*)$")
    local headers = { ["X-Case"] = tostring(i - 1) }
    if header ~= "" then
      local name, value = header:match("^([^:]+): (.*)$")
      headers[name] = value
    end
    requests[#requests + 1] = wrk.format("GET", path, headers)
    expected[tostring(i - 1)] = tonumber(status)
  end
end

local n = 0
function request()
  n = n + 1
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
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("unexpected")
  end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d unexpected=%d socket_errors=%d\n",
    summary.requests, bad, e.connect + e.read + e.write + e.timeout))
end
