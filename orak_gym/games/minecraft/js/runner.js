'use strict'
// The program runner: the mineflayer bot and the sandbox that runs LLM-written programs.
// It is the one process that runs model code, so driver.js starts it confined (confine.py: its own
// network namespace with nothing in it, an unprivileged user, Landlock, seccomp, resource limits) and
// under Node's permission model (reads below js/ only; no writes, child processes, workers or addons).
// Its only connection, to the game server, is a socket the driver connected and hands over as fd 3.
// Protocol with the driver: JSON lines on stdin/stdout, {"id", "op", ...} -> {"id", "ok", "result"|"error"}.
// Nothing it says is trusted: the driver caps what it reads and takes scores from the server.
const net = require('net')
const { serveLines } = require('./lib/line_server')

const out = process.stdout.write.bind(process.stdout)
for (const k of ['log', 'info', 'warn', 'debug', 'error']) console[k] = (...a) => process.stderr.write(a.join(' ').slice(0, 2000) + '\n')
const send = (obj) => out(JSON.stringify(obj) + '\n')

const mineflayer = require('mineflayer')
const { Vec3 } = require('vec3')
const { pathfinder } = require('mineflayer-pathfinder')
const { createPrimitives } = require('./lib/primitives')
const { createSandbox } = require('./lib/sandbox')
const { observe, topDown } = require('./lib/observe')
const { lockHostRealm } = require('./lib/lockdown')

const MAX_CHAT = 200 // messages kept per program
const MAX_CHAT_LEN = 500 // characters per message
let bot = null; let sandbox = null; let mcData = null
const ctl = { cancelled: false, chests: {}, check () { if (ctl.cancelled) throw new Error('program stopped: time limit exceeded') } }
const chat = []
let chatsSent = 0

process.stdin.on('end', () => process.exit(0))
process.on('uncaughtException', (e) => process.stderr.write('runner uncaught: ' + String(e && e.stack).slice(0, 2000) + '\n'))
process.on('unhandledRejection', (e) => process.stderr.write('runner unhandled: ' + String(e && e.stack).slice(0, 2000) + '\n'))

function withTimeout (p, ms, what) {
  let t
  return Promise.race([p, new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`${what} timed out after ${ms} ms`)), ms) })]).finally(() => clearTimeout(t))
}
const settle = (p, ms) => withTimeout(Promise.resolve(p), ms, 'wait').catch(() => {})

async function start (req) {
  const stream = new net.Socket({ fd: 3, readable: true, writable: true })
  const version = req.version || '1.20.4'
  // minecraft-protocol's own `stream` option emits 'connect' before it listens for it (offline auth)
  const connect = (client) => { client.setSocket(stream); setImmediate(() => client.emit('connect')) }
  bot = mineflayer.createBot({ connect, username: req.username || 'agent', version, auth: 'offline', hideErrors: true, checkTimeoutInterval: 600000 })
  bot.loadPlugin(pathfinder)
  bot.on('messagestr', (m, pos) => { if (pos !== 'game_info' && chat.length < MAX_CHAT) chat.push(String(m).slice(0, MAX_CHAT_LEN)) })
  bot.on('kicked', (r) => { if (chat.length < MAX_CHAT) chat.push(('kicked: ' + JSON.stringify(r)).slice(0, MAX_CHAT_LEN)) })
  bot.on('end', (why) => { process.stderr.write('runner: disconnected from the server: ' + why + '\n'); process.exit(3) })
  await withTimeout(new Promise((resolve, reject) => { bot.once('spawn', resolve); bot.once('error', reject) }), 60000, 'bot spawn')
  await bot.waitForTicks(2)
  await withTimeout(bot.waitForChunksToLoad(), 60000, 'chunk loading')
  mcData = require('minecraft-data')(bot.version)
  const chat0 = bot.chat.bind(bot) // count the bot's own messages (bot.chat exists only after login)
  bot.chat = (msg) => { chatsSent++; return chat0(msg) }
  bot.pathfinder.thinkTimeout = 10000
  const primitives = createPrimitives(bot, mcData, ctl)
  sandbox = createSandbox({ bot, primitives, mcData, ctl })
  await bot.waitForTicks(5)
  lockHostRealm() // before any program runs; the bot's protocol code is compiled by now
  return { version: bot.version, username: bot.username, spawn: bot.entity.position }
}

function stopBot () {
  try { bot.pathfinder.setGoal(null) } catch (e) {}
  try { bot.stopDigging() } catch (e) {}
  try { bot.clearControlStates() } catch (e) {}
  try { if (bot.currentWindow) bot.closeWindow(bot.currentWindow) } catch (e) {}
}

const ops = {
  start,
  async run (req) {
    chat.length = 0
    const skillErrors = sandbox.defineSkills(req.skills || {})
    const sent = chatsSent
    const res = await sandbox.run(req.code, req.timeoutMs || 120000)
    if (!res.ok) { ctl.cancelled = true; stopBot() }
    await settle(bot.waitForTicks(2), 1000) // let the last window clicks / block updates reach both sides
    if (chatsSent > sent) await settle(bot.waitForTicks(4), 1000) // and the server's echo of the bot's own chat
    return { ...res, chat: chat.splice(0), skillErrors }
  },
  async observe () { return observe(bot, ctl) },
  async map (req) { return topDown(bot, Math.min(32, Math.max(4, req.radius || 16))) },
  async botInventory () {
    return { slots: bot.inventory.slots.map((it, i) => it ? { slot: i, name: it.name, count: it.count } : null).filter(Boolean), held: bot.quickBarSlot }
  },
  async blockAt (req) {
    const b = bot.blockAt(new Vec3(req.x, req.y, req.z))
    return b ? b.name : null
  },
  async findBlocks (req) {
    const id = mcData.blocksByName[req.name] && mcData.blocksByName[req.name].id
    if (id === undefined) throw new Error(`no block named ${req.name}`)
    return bot.findBlocks({ matching: id, maxDistance: req.maxDistance || 32, count: req.count || 64 }).map(p => [p.x, p.y, p.z])
  },
  async ping () { return 'pong' }
}

serveLines(ops, { send, started: () => Boolean(bot), errorLimit: 2000 })
