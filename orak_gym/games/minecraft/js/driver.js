'use strict'
// JSON-lines driver spoken to by the Python env over stdin/stdout.
// Request: {"id": n, "op": "...", ...}. Reply: {"id": n, "ok": true, "result": ...} or {"id", "ok": false, "error"}.
// It owns the mineflayer bot, the sandbox and (for the embedded world) a forked flying-squid server.
// It exits, killing the server, when stdin reaches EOF (the Python process closed it or died) or its
// parent process changes, so no node process outlives the env.
const path = require('path')
const net = require('net')
const readline = require('readline')
const { fork } = require('child_process')

// stdout carries the protocol only: route every library print to stderr
const out = process.stdout.write.bind(process.stdout)
for (const k of ['log', 'info', 'warn', 'debug']) console[k] = (...a) => process.stderr.write(a.join(' ') + '\n')
const send = (obj) => out(JSON.stringify(obj) + '\n')

const mineflayer = require('mineflayer')
const { pathfinder } = require('mineflayer-pathfinder')
const { createPrimitives } = require('./lib/primitives')
const { createSandbox } = require('./lib/sandbox')
const { observe, topDown } = require('./lib/observe')

let server = null; let bot = null; let sandbox = null; let primitives = null; let mcData = null
const ctl = { cancelled: false, chests: {}, check () { if (ctl.cancelled) throw new Error('program stopped: time limit exceeded') } }
const chat = []
let chatsSent = 0
let ipcId = 0; const ipcWait = new Map()

function shutdown (code) {
  try { if (bot) bot.quit() } catch (e) {}
  try { if (server) server.kill('SIGKILL') } catch (e) {}
  setTimeout(() => process.exit(code), 20)
}
process.stdin.on('end', () => shutdown(0))
const parentPid = process.ppid
setInterval(() => { if (process.ppid !== parentPid) shutdown(0) }, 500).unref()
process.on('uncaughtException', (e) => process.stderr.write('driver uncaught: ' + (e && e.stack) + '\n'))
process.on('unhandledRejection', (e) => process.stderr.write('driver unhandled: ' + (e && e.stack) + '\n'))

function freePort () {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)) })
  })
}

function serverCall (op, args = {}) {
  if (!server) return Promise.reject(new Error('no embedded server (connected to an external one)'))
  const id = ++ipcId
  return new Promise((resolve, reject) => {
    ipcWait.set(id, { resolve, reject })
    server.send({ id, op, username: bot && bot.username, ...args })
  })
}

function withTimeout (p, ms, what) {
  let t
  return Promise.race([p, new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`${what} timed out after ${ms} ms`)), ms) })]).finally(() => clearTimeout(t))
}

async function start (req) {
  let host = req.host || '127.0.0.1'; let port = req.port
  const version = req.version || '1.20.4'
  if (req.embedded !== false) {
    port = await freePort()
    server = fork(path.join(__dirname, 'server.js'), [JSON.stringify({ port, seed: req.seed, version, cookTicks: req.cookTicks, verbose: !!req.verbose })], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
    server.on('message', (m) => {
      if (m.type === 'reply' && ipcWait.has(m.id)) {
        const w = ipcWait.get(m.id); ipcWait.delete(m.id)
        if (m.error) w.reject(new Error(m.error)); else w.resolve(m.result)
      } else if (m.type === 'log') process.stderr.write(m.msg + '\n')
    })
    await withTimeout(new Promise((resolve, reject) => {
      server.on('message', (m) => { if (m.type === 'ready') resolve() })
      server.once('exit', (c) => reject(new Error(`embedded server exited with code ${c}`)))
    }), 60000, 'embedded server start')
    host = '127.0.0.1'
  }
  bot = mineflayer.createBot({ host, port, username: req.username || 'agent', version, auth: 'offline', hideErrors: true, checkTimeoutInterval: 600000 })
  bot.loadPlugin(pathfinder)
  bot.on('messagestr', (m, pos) => { if (pos !== 'game_info' && chat.length < 200) chat.push(m) })
  bot.on('kicked', (r) => chat.push('kicked: ' + JSON.stringify(r)))
  await withTimeout(new Promise((resolve, reject) => { bot.once('spawn', resolve); bot.once('error', reject); bot.once('end', (r) => reject(new Error('disconnected: ' + r))) }), 60000, 'bot spawn')
  await withTimeout(bot.waitForChunksToLoad(), 60000, 'chunk loading')
  mcData = require('minecraft-data')(bot.version)
  const chat0 = bot.chat.bind(bot) // count the bot's own messages (bot.chat exists only after login)
  bot.chat = (msg) => { chatsSent++; return chat0(msg) }
  bot.pathfinder.thinkTimeout = 10000
  primitives = createPrimitives(bot, mcData, ctl)
  sandbox = createSandbox({ bot, primitives, mcData, ctl })
  await bot.waitForTicks(5)
  return { port, host, version: bot.version, username: bot.username, spawn: bot.entity.position }
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
    await bot.waitForTicks(2) // let the last window clicks / block updates reach both sides
    if (chatsSent > sent) await bot.waitForTicks(4) // and the server's echo of the bot's own chat
    return { ...res, chat: chat.splice(0), skillErrors }
  },
  async observe () { return observe(bot, ctl) },
  async map (req) { return topDown(bot, Math.min(32, Math.max(4, req.radius || 16))) },
  async serverInventory () { return serverCall('inventory') },
  async botInventory () {
    return { slots: bot.inventory.slots.map((it, i) => it ? { slot: i, name: it.name, count: it.count } : null).filter(Boolean), held: bot.quickBarSlot }
  },
  async give (req) { return serverCall('give', { name: req.name, count: req.count }) },
  async blockAt (req) {
    const b = bot.blockAt(new (require('vec3').Vec3)(req.x, req.y, req.z))
    return b ? b.name : null
  },
  async findBlocks (req) {
    const id = mcData.blocksByName[req.name] && mcData.blocksByName[req.name].id
    if (id === undefined) throw new Error(`no block named ${req.name}`)
    return bot.findBlocks({ matching: id, maxDistance: req.maxDistance || 32, count: req.count || 64 }).map(p => [p.x, p.y, p.z])
  },
  async ping () { return 'pong' },
  async close () { setTimeout(() => shutdown(0), 10); return true }
}

const rl = readline.createInterface({ input: process.stdin })
rl.on('line', async (line) => {
  let req
  try { req = JSON.parse(line) } catch (e) { return send({ id: null, ok: false, error: 'bad json: ' + e.message }) }
  const fn = ops[req.op]
  if (!fn) return send({ id: req.id, ok: false, error: `unknown op ${req.op}` })
  if (req.op !== 'start' && !bot) return send({ id: req.id, ok: false, error: 'not started' })
  try {
    send({ id: req.id, ok: true, result: await fn(req) })
  } catch (e) {
    send({ id: req.id, ok: false, error: String((e && e.message) || e) })
  }
})
