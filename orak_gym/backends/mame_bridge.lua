-- orak-gym's MAME bridge: lockstep control of a MAME machine from Python over stdin/stdout.
--
-- Loaded with `mame <system> -autoboot_script mame_bridge.lua`; the file named by the environment
-- variable ORAK_MAME_CONFIG says what to read and press (tab-separated lines):
--   cpu      <device tag> <address space>            e.g. cpu  :maincpu  program
--   ram      <address> <u8|s8|u16|s16|u32>          one per value reported each step, in order
--   field    <port tag> <field name>                one per input bit of a step's mask, in order
--   screen   <screen tag>
--   framefile <path>                                where a step's frame goes (raw 32-bit pixels)
-- Commands are JSON arrays, one a line, on stdin; replies are JSON objects, one a line, on stdout:
--   ["step", frames, mask, want_frame]  hold the inputs of `mask` for `frames` frames, then reply
--                                       {"t":"obs","frame":n,"ram":[...],"w":W,"h":H} (frame written first)
--   ["peek", want_frame]                the same reply as a step's, for the current frame (no advance)
--   ["poke", address, value, bytes]     write RAM (fixtures for tests, calibration); reply {"t":"ok"}
--   ["quit"]                            exit MAME
-- The machine only advances while a step is running: between steps this script blocks in io.read on
-- the frame-done hook, so the game waits for the agent.  EOF on stdin (the Python side is gone) exits.

local config_path = os.getenv("ORAK_MAME_CONFIG")
local cpu_tag, space_name, screen_tag, frame_path = ":maincpu", "program", nil, nil
local rams, fields = {}, {}

local function split_tabs(line)
  local parts = {}
  for part in string.gmatch(line, "[^\t]+") do parts[#parts + 1] = part end
  return parts
end

if config_path then
  for line in io.lines(config_path) do
    local p = split_tabs(line)
    if p[1] == "cpu" then cpu_tag, space_name = p[2], p[3]
    elseif p[1] == "ram" then rams[#rams + 1] = { addr = tonumber(p[2]), kind = p[3] }
    elseif p[1] == "field" then fields[#fields + 1] = { port = p[2], name = p[3] }
    elseif p[1] == "screen" then screen_tag = p[2]
    elseif p[1] == "framefile" then frame_path = p[2]
    end
  end
end

local function quote(s)
  s = string.gsub(s, '[%c"\\]', function(c) return string.format("\\u%04x", string.byte(c)) end)
  return '"' .. s .. '"'
end

local function reply(text)
  io.stdout:write(text, "\n")
  io.stdout:flush()
end

local machine = manager.machine
local space, screen = nil, nil
local handles = {}      -- field objects in mask order (nil where the port or field does not exist)
local remaining = -1    -- frames left in the running step; -1 = waiting for the first command
local held_frame = false
local frame_no = 0

local function read_value(r)
  if r.kind == "u8" then return space:read_u8(r.addr)
  elseif r.kind == "s8" then return space:read_i8(r.addr)
  elseif r.kind == "u16" then return space:read_u16(r.addr)
  elseif r.kind == "s16" then return space:read_i16(r.addr)
  elseif r.kind == "u32" then return space:read_u32(r.addr)
  end
  return 0
end

local function apply_mask(mask)
  for i, f in ipairs(handles) do
    if f then f:set_value(((mask >> (i - 1)) & 1)) end
  end
end

local function hello()
  local ports = {}
  for tag, port in pairs(machine.ioport.ports) do
    local names = {}
    for name, _ in pairs(port.fields) do names[#names + 1] = quote(name) end
    ports[#ports + 1] = quote(tag) .. ":[" .. table.concat(names, ",") .. "]"
  end
  local missing = {}
  for i, f in ipairs(fields) do
    if not handles[i] then missing[#missing + 1] = quote(f.port .. " / " .. f.name) end
  end
  local w, h = 0, 0
  if screen then w, h = screen.width, screen.height end
  reply('{"t":"ready","system":' .. quote(emu.romname()) .. ',"w":' .. w .. ',"h":' .. h
    .. ',"missing":[' .. table.concat(missing, ",") .. '],"ports":{' .. table.concat(ports, ",") .. "}}")
end

local function observe()
  local values = {}
  for i, r in ipairs(rams) do values[i] = tostring(read_value(r)) end
  local w, h = 0, 0
  if held_frame and screen and frame_path then
    local pixels, pw, ph = screen:pixels()
    local fh = io.open(frame_path, "wb")
    fh:write(pixels)
    fh:close()
    w, h = pw, ph
  end
  reply('{"t":"obs","frame":' .. frame_no .. ',"ram":[' .. table.concat(values, ",") .. '],"w":' .. w
    .. ',"h":' .. h .. "}")
end

-- Blocks until a command starts a step (or the Python side leaves).
local function wait_for_step()
  while true do
    local line = io.read("l")
    if line == nil then machine:exit(); remaining = 1e9; return end
    local verb = string.match(line, '^%s*%[%s*"(%a+)"')
    local args = {}
    for number in string.gmatch(string.gsub(line, '^%s*%[%s*"%a+"', ""), "%-?%d+") do
      args[#args + 1] = math.tointeger(tonumber(number))
    end
    if verb == "step" then
      remaining = math.max(args[1] or 1, 1)
      apply_mask(args[2] or 0)
      held_frame = (args[3] or 0) ~= 0
      return
    elseif verb == "peek" then
      held_frame = (args[1] or 0) ~= 0
      observe()
      held_frame = false
    elseif verb == "poke" then
      local addr, value, size = args[1], args[2], args[3] or 1
      if size == 1 then space:write_u8(addr, value & 0xff)
      elseif size == 2 then space:write_u16(addr, value & 0xffff)
      else space:write_u32(addr, value & 0xffffffff) end
      reply('{"t":"ok"}')
    elseif verb == "quit" then
      machine:exit(); remaining = 1e9; return
    else
      reply('{"t":"error","message":' .. quote("unknown command: " .. string.sub(line, 1, 80)) .. "}")
    end
  end
end

local started = false
local function on_frame()
  if not started then
    started = true
    space = machine.devices[cpu_tag].spaces[space_name]
    if screen_tag then screen = machine.screens[screen_tag] end
    for i, f in ipairs(fields) do
      local port = machine.ioport.ports[f.port]
      handles[i] = port and port.fields[f.name] or false
    end
    hello()
    wait_for_step()
    return
  end
  frame_no = frame_no + 1
  remaining = remaining - 1
  if remaining == 0 then
    observe()
    wait_for_step()
  end
end

-- MAME 0.227+ (new Lua API); add_machine_frame_notifier replaced register_frame_done in later releases.
if emu.add_machine_frame_notifier then
  frame_subscription = emu.add_machine_frame_notifier(on_frame)
else
  emu.register_frame_done(on_frame, "frame")
end
