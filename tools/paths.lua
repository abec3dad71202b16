-- wrk script (tools/bench.py): each request asks for a path chosen uniformly at random from a
-- file of paths, one a line (tools/dataset.py writes them; a mix is a file whose lines are in
-- the mix's proportions).
--   wrk -t2 -c32 -d10s -s tools/paths.lua http://127.0.0.1:8000 -- /tmp/paths.txt
local threads = 0
local paths = {}

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  local name = args[1]
  assert(name, "usage: wrk ... -s paths.lua URL -- FILE")
  local file = assert(io.open(name, "r"))
  for line in file:lines() do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  file:close()
  assert(#paths > 0, "no paths in " .. name)
  math.randomseed(os.time() * 1000 + (thread_number or 0))
end

function request()
  return wrk.format(nil, paths[math.random(#paths)])
end
