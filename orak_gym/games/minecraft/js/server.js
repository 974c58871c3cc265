'use strict'
// The embedded Minecraft server: flying-squid on 127.0.0.1 with our survival generator and plugins.
// Runs as its own process (forked by driver.js with an IPC channel), because flying-squid's console
// reads stdin and its memory should not share a heap with the bot. It exits when its parent goes away.
// Standalone (no IPC), e.g. to look at a world with a real client or to test `server="host:port"`:
//   node server.js '{"port": 25565, "seed": 42}'
const path = require('path')
const { Vec3 } = require('vec3')

const args = JSON.parse(process.argv[2] || '{}')
const seed = args.seed || 1
const mcServer = require('flying-squid')
const options = {
  ...require('flying-squid/config/default-settings.json'),
  'online-mode': false,
  logging: false,
  noConsoleOutput: !args.verbose,
  host: '127.0.0.1',
  port: args.port || 25565,
  version: args.version || '1.20.4',
  gameMode: 0,
  'everybody-op': false, // no /give, /setblock, /summon, /time for the agent: items must be earned
  'max-players': 4,
  worldFolder: undefined,
  'view-distance': args.viewDistance || 4,
  'max-entities': 1000,
  kickTimeout: 600000,
  motd: 'orak-gym',
  generation: { name: path.join(__dirname, 'gen', 'survival.js'), options: { seed, worldHeight: 80 } },
  plugins: {
    [path.join(__dirname, 'plugins', 'windows.js')]: { cookTicks: args.cookTicks || 200 },
    [path.join(__dirname, 'plugins', 'rules.js')]: {},
    [path.join(__dirname, 'plugins', 'reach.js')]: {},
    [path.join(__dirname, 'plugins', 'movement.js')]: {}
  }
}

function exitSoon (code) { try { serv && serv.quit && serv.quit() } catch (e) {} ; setTimeout(() => process.exit(code), 50) }
const viaIpc = typeof process.send === 'function'
const report = (msg) => { if (viaIpc) process.send(msg); else if (msg.type !== 'reply') console.error(JSON.stringify(msg)) }
if (viaIpc) process.on('disconnect', () => exitSoon(0))
const parentPid = process.ppid
setInterval(() => { if (process.ppid !== parentPid) exitSoon(0) }, 1000).unref()
let ready = false
// Before it listens, an error (its port taken by another process since the driver chose it) ends the
// server at once, so the driver starts another on a new port instead of waiting out its timeout.
process.on('uncaughtException', (e) => {
  report({ type: 'log', msg: 'server error: ' + (e && e.stack) })
  if (!ready) exitSoon(3)
})

const serv = mcServer.createMCServer(options)
serv.on('error', (e) => { if (!ready) { report({ type: 'log', msg: 'server error: ' + (e && e.message) }); exitSoon(3) } })

async function surface (x, z) {
  for (let y = 120; y > 0; y--) {
    const b = await serv.overworld.getBlock(new Vec3(x, y, z))
    if (b && b.boundingBox === 'block') return y + 1
  }
  return 80
}

serv.on('listening', async () => {
  try {
    for (const [x, z] of [[11, 17], [14, 16], [10, 15], [16, 14]]) serv.spawnAnimal('cow', new Vec3(x + 0.5, await surface(x, z), z + 0.5))
  } catch (e) {
    report({ type: 'log', msg: 'cow spawn failed: ' + e.message })
  }
  ready = true
  report({ type: 'ready', port: options.port })
})

const Item = require('prismarine-item')(serv.registry)
const slotsOf = (p) => p.inventory.slots.map((it, i) => it ? { slot: i, name: serv.registry.items[it.type].name, count: it.count } : null).filter(Boolean)

process.on('message', async (msg) => {
  const reply = (result, error) => report({ type: 'reply', id: msg.id, result, error })
  try {
    const p = msg.username ? serv.getPlayer(msg.username) : null
    if (msg.username && !p) return reply(null, `no player ${msg.username}`)
    switch (msg.op) {
      case 'state': { // what scores are computed from: never the bot's own view
        const name = (it) => it ? serv.registry.items[it.type].name : null
        const inventory = {}
        for (let i = 9; i <= 44; i++) { const it = p.inventory.slots[i]; if (it) inventory[name(it)] = (inventory[name(it)] || 0) + it.count }
        const s = p.inventory.slots
        return reply({
          inventory,
          equipment: [name(s[5]), name(s[6]), name(s[7]), name(s[8]), name(s[36 + p.heldItemSlot]), name(s[45])],
          cursor: name(p.cursor),
          health: p.health,
          food: p.food,
          position: { x: p.position.x, y: p.position.y, z: p.position.z }
        })
      }
      case 'findBlocks': { // blocks of one kind near the player, read from the server's world
        const id = serv.registry.blocksByName[msg.name] && serv.registry.blocksByName[msg.name].id
        if (id === undefined) return reply(null, `no block named ${msg.name}`)
        const r = Math.max(1, Math.min(48, msg.radius || 32)); const c = p.position.floored(); const found = []
        for (let x = c.x - r; x <= c.x + r; x++) {
          for (let z = c.z - r; z <= c.z + r; z++) {
            for (let y = Math.max(-64, c.y - 24); y <= c.y + 24; y++) {
              const b = p.world.sync.getBlockType(new Vec3(x, y, z))
              if (b === id && found.length < (msg.count || 64)) found.push([x, y, z])
            }
          }
        }
        return reply(found)
      }
      case 'inventory':
        return reply({ slots: slotsOf(p), cursor: p.cursor ? { name: serv.registry.items[p.cursor.type].name, count: p.cursor.count } : null, held: p.heldItemSlot })
      case 'give': {
        const it = serv.registry.itemsByName[msg.name]
        if (!it) return reply(null, `unknown item ${msg.name}`)
        return reply({ left: p.giveItem(new Item(it.id, msg.count || 1)) })
      }
      case 'clear':
        for (let i = 0; i < 46; i++) if (p.inventory.slots[i]) p.inventory.updateSlot(i, null)
        return reply(true)
      case 'blockAt': {
        const b = await serv.overworld.getBlock(new Vec3(msg.x, msg.y, msg.z))
        return reply(b ? b.name : null)
      }
      case 'spawnAnimal': { // tests: an animal at a known offset from the player, on the ground there
        if (!['cow', 'pig', 'sheep', 'chicken'].includes(msg.name)) return reply(null, `not an animal: ${msg.name}`)
        const x = Math.floor(p.position.x + msg.dx); const z = Math.floor(p.position.z + msg.dz)
        serv.spawnAnimal(msg.name, new Vec3(x + 0.5, await surface(x, z), z + 0.5))
        return reply(true)
      }
      case 'teleport':
        p.teleport(new Vec3(msg.x, msg.y, msg.z))
        return reply(true)
      default:
        return reply(null, `unknown op ${msg.op}`)
    }
  } catch (e) {
    reply(null, String(e && e.message))
  }
})
