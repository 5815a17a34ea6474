-- wrk script of bench/web.py for a page class measured over many URLs (e.g. 1,000 item pages
-- across the catalogue), so that per-process caches of one URL do not decide the result.
--   wrk … -s bench/wrk_paths.lua http://127.0.0.1:PORT/ -- FILE [START]
-- FILE holds one path per line; the thread takes them in turn from line START + 1 (bench/web.py
-- passes where the previous run stopped, so that no path is asked twice while the file lasts),
-- or from a random line when START is not given.
-- wrk runs with the repository root as its working directory (bench/web.py does).

dofile("bench/wrk_report.lua")

local paths = {}
local requests_built = nil
local position = 0

local base_init = init
function init(args)
  base_init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      table.insert(paths, line)
    end
  end
  if #paths == 0 then
    error("no paths in " .. tostring(args[1]))
  end
  local start = tonumber(args[2])
  if start then
    position = start % #paths
  else
    position = math.random(#paths) - 1
  end
end

function request()
  if requests_built == nil then
    requests_built = {}
    for i, path in ipairs(paths) do
      requests_built[i] = wrk.format(nil, path)
    end
  end
  position = position % #paths + 1
  return requests_built[position]
end
