-- wrk script of bench/web.py: counts responses outside 2xx and prints one JSON summary.
--
-- wrk itself only counts statuses >= 400 ("status" errors); response() also counts 1xx/3xx, so
-- a redirect under load is reported too. done() prints a single line
--   WRK_REPORT {"requests": …, "duration_us": …, "latency_ms": {…}, "errors": {…}, …}
-- that bench/web.py parses (parse_wrk_output). Latencies are in milliseconds.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non = 0
  for _, thread in ipairs(threads) do
    non = non + (thread:get("non2xx") or 0)
  end
  local e = summary.errors
  local function ms(value)
    return value / 1000.0
  end
  io.write(string.format(
    'WRK_REPORT {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"latency_ms": {"p50": %.3f, "p95": %.3f, "p99": %.3f, "mean": %.3f, "max": %.3f}, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d}, ' ..
    '"non2xx": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    ms(latency:percentile(50)), ms(latency:percentile(95)), ms(latency:percentile(99)),
    ms(latency.mean), ms(latency.max),
    e.connect, e.read, e.write, e.timeout, e.status,
    non))
end
