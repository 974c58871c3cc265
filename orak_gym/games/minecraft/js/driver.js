'use strict'
// JSON-lines driver spoken to by the Python env over stdin/stdout.
// Request: {"id": n, "op": "...", ...}. Reply: {"id": n, "ok": true, "result": ...} or {"id", "ok": false, "error"}.
// It is trusted and runs no model code. It starts the embedded flying-squid server (server.js, under the
// limits of lib/limits.js) and the program runner (runner.js: the bot and the sandbox) confined by confine.py, which
// connects to the server before confining and hands the socket over as fd 3 (the runner's network
// namespace has nothing in it). Every call to the runner is bounded: a runner that misses its deadline, floods its output or
// dies is killed and replaced by a fresh one that rejoins the same world (the server gives the
// player back its inventory and position). Inventory, equipment, health and task blocks come from
// the server, never from the runner, whose answers are untrusted.
// It exits, killing the server and runner, when stdin reaches EOF or its parent process changes.
const path = require('path')
const net = require('net')
const { serveLines } = require('./lib/line_server')
const { spawn } = require('child_process')
const { StringDecoder } = require('string_decoder')
const { confinedCommand, childEnvironment } = require('./lib/confinement')
const { checkedRun, checkedValue } = require('./lib/checked')
const { limitedServerCommand } = require('./lib/limits')

const out = process.stdout.write.bind(process.stdout)
for (const k of ['log', 'info', 'warn', 'debug']) console[k] = (...a) => process.stderr.write(a.join(' ') + '\n')
const send = (obj) => out(JSON.stringify(obj) + '\n')

const RUN_MARGIN_MS = 3000 // the runner's own clean-up after a program's deadline
const OP_TIMEOUT_MS = 10000 // observe, map, inventory
const START_TIMEOUT_MS = 60000 // the first runner: world generation and chunk loading
const RESTART_TIMEOUT_MS = 20000 // a fresh runner rejoining a running world (~1-2 s)
const MAX_REPLY = 8 << 20 // bytes in one line from the runner before it is killed as misbehaving
const MAX_STDERR = 64 << 10 // bytes of runner stderr forwarded per runner

let server = null; let runner = null; let startReq = null; let connectTo = null
let ipcId = 0; const ipcWait = new Map()

function shutdown (code) {
  try { if (runner) runner.kill() } catch (e) {}
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

function withTimeout (p, ms, what) {
  let t
  return Promise.race([p, new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`${what} timed out after ${ms} ms`)), ms) })]).finally(() => clearTimeout(t))
}

function serverCall (op, args = {}, ms = OP_TIMEOUT_MS) {
  if (!server) return Promise.reject(new Error('no embedded server (connected to an external one)'))
  const id = ++ipcId
  return withTimeout(new Promise((resolve, reject) => {
    ipcWait.set(id, { resolve, reject })
    server.send({ id, op, username: startReq && (startReq.username || 'agent'), ...args })
  }), ms, `server ${op}`).finally(() => ipcWait.delete(id))
}

// ------------------------------------------------------------------ the confined program runner
class Runner {
  constructor () {
    // `runner`: a stand-in script (tests play a runner whose host realm the model owns); it gets runner.js's path
    const script = startReq.runner ? [path.resolve(startReq.runner), path.join(__dirname, 'runner.js')] : [path.join(__dirname, 'runner.js')]
    const read = startReq.runner ? [path.dirname(path.resolve(startReq.runner))] : []
    const argv = confinedCommand({ connect: `${connectTo.host}:${connectTo.port}`, isolation: startReq.isolation, read }, script)
    this.proc = spawn(argv[0], argv.slice(1), { cwd: __dirname, stdio: ['pipe', 'pipe', 'pipe'], env: childEnvironment() })
    this.pending = new Map(); this.nextId = 0; this.dead = null; this.stderrBytes = 0; this.stderrTail = ''
    this.proc.on('close', (code, sig) => this._die(`the program runner exited (${sig || 'code ' + code})${this.stderrTail ? ': ' + this.stderrTail : ''}`))
    this.proc.on('error', (e) => this._die(`cannot start the program runner: ${e.message}`))
    this.proc.stdin.on('error', () => {}) // EPIPE once it is dead: reported through 'exit'
    this.proc.stderr.on('data', (d) => {
      const text = d.toString('utf8')
      this.stderrTail = (this.stderrTail + text).slice(-400).trim()
      if (this.stderrBytes < MAX_STDERR) process.stderr.write(text.slice(0, MAX_STDERR - this.stderrBytes))
      this.stderrBytes += text.length
    })
    let buf = ''; const utf8 = new StringDecoder('utf8') // a character split across reads stays whole
    this.proc.stdout.on('data', (d) => {
      buf += utf8.write(d)
      let i
      while ((i = buf.indexOf('\n')) >= 0) { const line = buf.slice(0, i); buf = buf.slice(i + 1); this._line(line) }
      if (buf.length > MAX_REPLY) { buf = ''; this.kill('it sent an over-long reply') }
    })
  }

  _line (line) {
    let msg
    try { msg = JSON.parse(line) } catch (e) { return }
    if (!msg || typeof msg !== 'object') return
    const w = this.pending.get(msg.id)
    if (!w) return
    this.pending.delete(msg.id)
    if (msg.ok === true) w.resolve(msg.result); else w.reject(new Error(typeof msg.error === 'string' ? msg.error.slice(0, 2000) : 'the program runner failed'))
  }

  _die (why) {
    if (this.dead) return
    this.dead = why
    for (const w of this.pending.values()) w.reject(new Error(why))
    this.pending.clear()
  }

  kill (why) {
    this._die(why || 'the program runner was stopped')
    try { this.proc.kill('SIGKILL') } catch (e) {}
  }

  call (op, args, ms) {
    if (this.dead) return Promise.reject(new Error(this.dead))
    const id = ++this.nextId
    return withTimeout(new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.proc.stdin.write(JSON.stringify({ id, op, ...args }) + '\n')
    }), ms, `the program runner's ${op}`).catch((e) => {
      if (this.pending.delete(id)) this.kill(`it did not answer ${op} within ${ms} ms`) // stuck: nothing else recovers it
      throw e
    })
  }
}

async function startRunner () {
  const first = runner === null
  if (runner) runner.kill()
  runner = undefined
  const r = new Runner()
  const info = await r.call('start', { username: startReq.username, version: startReq.version }, first ? START_TIMEOUT_MS : RESTART_TIMEOUT_MS)
  runner = r
  return checkedValue(info)
}

/** A call to the runner; if the runner is stuck or dead, it is replaced and the call tried once more. */
async function runnerCall (op, args = {}, ms = OP_TIMEOUT_MS) {
  try {
    if (!runner || runner.dead) await startRunner()
    return checkedValue(await runner.call(op, args, ms))
  } catch (e) {
    if (runner && !runner.dead) throw e // the runner answered with an error
    await startRunner()
    return checkedValue(await runner.call(op, args, ms))
  }
}

async function start (req) {
  startReq = req
  let host = req.host || '127.0.0.1'; let port = req.port
  const version = req.version || '1.20.4'
  if (req.embedded !== false) {
    // A port chosen free can be taken by another process before the server listens on it; the server
    // then exits at once (server.js), and another is started on a new port (three tries in all).
    for (let attempt = 1; ; attempt++) {
      port = await freePort()
      const argv = limitedServerCommand(path.join(__dirname, 'server.js'), [JSON.stringify({ port, seed: req.seed, version, cookTicks: req.cookTicks, verbose: !!req.verbose })])
      server = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: childEnvironment() })
      server.on('message', (m) => {
        if (m.type === 'reply' && ipcWait.has(m.id)) {
          const w = ipcWait.get(m.id); ipcWait.delete(m.id)
          if (m.error) w.reject(new Error(m.error)); else w.resolve(m.result)
        } else if (m.type === 'log') process.stderr.write(m.msg + '\n')
      })
      try {
        await withTimeout(new Promise((resolve, reject) => {
          server.on('message', (m) => { if (m.type === 'ready') resolve() })
          server.once('exit', (c) => reject(new Error(`embedded server exited with code ${c}`)))
        }), 60000, 'embedded server start')
        break
      } catch (e) {
        if (attempt >= 3 || !/exited/.test(e.message)) throw e
      }
    }
    host = '127.0.0.1'
  }
  connectTo = { host, port }
  const info = await startRunner()
  return { port, host, ...info }
}

/** Observation: the bot's view of its surroundings, with every fact a score depends on from the server. */
async function observe () {
  const view = await runnerCall('observe')
  const obs = view && typeof view === 'object' && !Array.isArray(view) ? view : {}
  if (server) {
    const st = await serverCall('state')
    Object.assign(obs, { inventory: st.inventory, equipment: st.equipment, health: st.health, hunger: st.food, position: st.position, cursor: st.cursor, source: 'server' })
  } else obs.source = 'bot'
  return obs
}

const ops = {
  start,
  async run (req) {
    const timeoutMs = Math.max(1, Number(req.timeoutMs) || 120000)
    try {
      if (!runner || runner.dead) await startRunner()
      return checkedRun(await runner.call('run', { code: req.code, timeoutMs, skills: req.skills }, timeoutMs + RUN_MARGIN_MS)) // never retried
    } catch (e) {
      const why = String(e && e.message)
      try { await startRunner() } catch (e2) { throw new Error(`${why}; restarting the program runner failed: ${e2.message}`) }
      if (/did not answer|timed out/.test(why)) return { ok: false, errorType: 'Timeout', error: `Timeout: the program did not stop within its ${timeoutMs / 1000} s limit (${why}); the bot was restarted with its inventory`, output: [], chat: [], skillErrors: {} }
      return { ok: false, errorType: 'RunnerError', error: `the program runner failed (${why}); the bot was restarted with its inventory`, output: [], chat: [], skillErrors: {} }
    }
  },
  observe,
  async map (req) { return runnerCall('map', { radius: req.radius }) },
  async serverInventory () { return serverCall('inventory') },
  async botInventory () { return runnerCall('botInventory') },
  async give (req) { return serverCall('give', { name: req.name, count: req.count }) },
  async spawnAnimal (req) { return serverCall('spawnAnimal', { name: req.name, dx: req.dx, dz: req.dz }) },
  async blockAt (req) { return server ? serverCall('blockAt', { x: req.x, y: req.y, z: req.z }) : runnerCall('blockAt', req) },
  async findBlocks (req) {
    if (server) return serverCall('findBlocks', { name: req.name, radius: req.maxDistance || 32, count: req.count || 64 }, 20000)
    return runnerCall('findBlocks', { name: req.name, maxDistance: req.maxDistance, count: req.count })
  },
  async runnerPid () { return runner && !runner.dead ? runner.proc.pid : null },
  async serverPid () { return server ? server.pid : null },
  async ping () { return 'pong' },
  async close () { setTimeout(() => shutdown(0), 10); return true }
}

serveLines(ops, { send, started: () => Boolean(startReq), errorLimit: 4000 })
