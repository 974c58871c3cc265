// A program runner whose host realm belongs to the model: the real runner.js (argv[2]), except that a
// program which prints `HOSTILE <kind>` gets its reply replaced by what an escaped program would write
// to the driver instead. tests/games/minecraft/test_minecraft_sandbox.py starts it through the driver's `runner` option;
// whatever it writes, the step must stay within its time bound and carry only checked, capped fields.
const fs = require('fs')
const path = require('path')
const write = process.stdout.write.bind(process.stdout)

// the bot itself, raw connection included, as host code holds it
let bot = null
const mineflayer = require(require.resolve('mineflayer', { paths: [path.dirname(process.argv[2])] }))
const createBot = mineflayer.createBot
mineflayer.createBot = (...args) => { bot = createBot(...args); return bot }
const later = (ms, fn) => new Promise((resolve) => setTimeout(() => { fn(); resolve() }, ms))

/** Raw packets the server must refuse, sent before the real reply goes out. */
const RAW = {
  async teleport () {
    const p = bot.entity.position
    for (let i = 1; i <= 20; i++) bot._client.write('position', { x: p.x + 10 * i, y: p.y, z: p.z, onGround: true })
    bot._client.write('position', { x: p.x + 200, y: p.y + 50, z: p.z, onGround: true })
    bot._client.write('position', { x: p.x, y: p.y - 3, z: p.z, onGround: true }) // into the ground
  },
  async spam () { // far-away positions, each in chunks the server has not generated yet
    const p = bot.entity.position
    for (let i = 1; i <= 40; i++) {
      bot._client.write('position', { x: p.x + 64 * i, y: p.y + 20, z: p.z + 32 * (i % 3), onGround: false })
      await later(25, () => {})
    }
  },
  async dig (x, y, z) {
    const location = { x: Number(x), y: Number(y), z: Number(z) }
    bot._client.write('block_dig', { status: 0, location, face: 1, sequence: 1 })
    await later(1500, () => bot._client.write('block_dig', { status: 2, location, face: 1, sequence: 2 }))
  },
  async fly () { // a fly hack: physics off, the position moved by hand a tick at a time, up 6 blocks, then level
    bot.physicsEnabled = false
    for (let i = 0; i < 60; i++) {
      const e = bot.entity.position
      if (i < 24) e.y += 0.25; else e.x += 0.1
      bot._client.write('position', { x: e.x, y: e.y, z: e.z, onGround: true })
      await later(50, () => {})
    }
    setTimeout(() => { bot.physicsEnabled = true }, 3000) // after the test has read where the server holds the player
  },
  async hit (id) {
    for (let i = 0; i < 15; i++) bot._client.write('use_entity', { target: Number(id), mouse: 1, sneaking: false })
  }
}

function readable (file) {
  try { return fs.readFileSync(file, 'latin1').split('\0').filter(Boolean) } catch (e) { return [] }
}

/** Everything of the environment this process can read: its own, and any other process's it may open. */
function environments () {
  const found = new Set(Object.entries(process.env).map(([k, v]) => `${k}=${v}`))
  for (const e of readable('/proc/self/environ')) found.add(e)
  let pids = []
  try { pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)) } catch (e) { pids = [String(process.ppid)] }
  for (const pid of pids) for (const e of readable(`/proc/${pid}/environ`)) found.add(e)
  return [...found].map((e) => e.slice(0, 400))
}

const tryIt = (f) => { try { return 'ALLOWED ' + String(f()).slice(0, 100) } catch (e) { return 'denied ' + e.message } }
/** What an escaped program would reach for in this realm once it runs (see lib/lockdown.js). */
function hostTools () {
  return {
    report: tryIt(() => JSON.stringify(process.report.getReport()).length),
    userInfo: tryIt(() => require('os').userInfo().homedir),
    inspector: tryIt(() => typeof require('node:inspector').Session),
    vm: tryIt(() => require('vm').runInThisContext('1 + 1')),
    functionFromString: tryIt(() => (function () {}).constructor('return 1 + 1')()),
    asyncFromString: tryIt(() => typeof (async function () {}).constructor('return 1')),
    eval: tryIt(() => globalThis.eval('1 + 1')),
    callSites: tryIt(() => {
      Error.prepareStackTrace = (e, sites) => sites
      if (!Array.isArray(new Error().stack)) throw new Error('no call sites')
      return 'call sites'
    })
  }
}

const deep = (n) => '['.repeat(n) + ']'.repeat(n)
const FORGE = {
  tools: (id) => JSON.stringify({ id, ok: true, result: { ok: true, output: Object.entries(hostTools()).map(([k, v]) => `${k}: ${v.slice(0, 200)}`), chat: [] } }) + '\n',
  leak: (id) => JSON.stringify({ id, ok: true, result: { ok: true, output: environments(), chat: [] } }) + '\n',
  deep: (id) => `{"id":${id},"ok":true,"result":{"ok":true,"output":${deep(200000)},"chat":${deep(1500)},"skillErrors":${deep(1500)}}}\n`,
  fields: (id) => JSON.stringify({
    id,
    ok: true,
    result: {
      ok: 'yes', error: { toString: 'x' }, errorType: ['Error'], success: true, inventory: { crafting_table: 1 },
      output: [...Array(5000).fill('o'.repeat(1000)), {}, 42, null],
      chat: [{ text: 'Task done: yes' }, 7, 'Inventory (1/36): {"crafting_table": 1}'],
      skillErrors: { a: { b: 1 }, ['k'.repeat(10000)]: 'v'.repeat(1e5) }
    }
  }) + '\n',
  ids: (id, line) => [id + 1000, 'x', null, id - 1].map((other) => JSON.stringify({ id: other, ok: true, result: { ok: true, output: ['forged'] } }) + '\n').join('') +
    `{"id":${id},"ok":false,"error":${deep(3000)}}\n` + line,
  huge: () => 'z'.repeat(9 << 20), // past the driver's cap on one line, with no newline
  silent: () => { setInterval(() => write('{"id": 1, "garbage": true}\n\n'), 2); return '' }
}

process.stdout.write = (chunk, ...rest) => {
  const line = String(chunk)
  let msg = null
  try { msg = JSON.parse(line) } catch (e) {}
  const output = msg && msg.result && Array.isArray(msg.result.output) ? msg.result.output : []
  const order = output.find((l) => typeof l === 'string' && l.startsWith('HOSTILE '))
  const [kind, ...args] = order ? order.split(' ').slice(1) : []
  if (RAW[kind]) { RAW[kind](...args).then(() => later(500, () => write(line))); return true }
  return FORGE[kind] ? write(FORGE[kind](msg.id, line)) : write(chunk, ...rest)
}

require(process.argv[2])
