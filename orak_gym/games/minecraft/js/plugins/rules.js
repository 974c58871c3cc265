'use strict'
// Survival rules flying-squid lacks: tool-dependent block drops (straight into the inventory, so
// pickup can never be flaky), passive mobs that can be killed for loot, a deterministic spawn point,
// and the commands an env needs (/give with numeric counts, /clear, /gamerule as a no-op).
// The server is the source of truth for scores, so it also refuses what a survival player must not do:
// creative-inventory packets (`set_creative_slot`) outside creative mode, and every command a non-op
// could run other than /help /ping /version /me (flying-squid lets anyone /kill or /effect). A player
// who reconnects (the env restarts a hung program runner) gets back their inventory and position.
// Why each piece exists: shared/reference/minecraft_server.md sections 2, 6.3, 7 and 8.
const { Vec3 } = require('vec3')
const rand = require('random-seed')
const { CAMP } = require('../gen/survival')

// Curated drops for the blocks that matter; anything else drops its own item when it has one.
const LOOT = {
  stone: [['cobblestone', 1]], cobblestone: [['cobblestone', 1]], deepslate: [['cobbled_deepslate', 1]],
  grass_block: [['dirt', 1]], dirt: [['dirt', 1]], coal_ore: [['coal', 1]], deepslate_coal_ore: [['coal', 1]],
  iron_ore: [['raw_iron', 1]], deepslate_iron_ore: [['raw_iron', 1]], gold_ore: [['raw_gold', 1]],
  deepslate_gold_ore: [['raw_gold', 1]], diamond_ore: [['diamond', 1]], deepslate_diamond_ore: [['diamond', 1]],
  redstone_ore: [['redstone', 4]], lapis_ore: [['lapis_lazuli', 4]], oak_leaves: [['oak_sapling', 0.05]],
  short_grass: [['wheat_seeds', 0.125]], tall_grass: [], sugar_cane: [['sugar_cane', 1]], water: [], lava: [],
  bedrock: [], nether_portal: [], fire: [], gravel: [['flint', 0.1, 'gravel']]
}
const TOOL_DAMAGE = { wooden_sword: 4, stone_sword: 5, iron_sword: 6, golden_sword: 4, diamond_sword: 7, netherite_sword: 8,
  wooden_axe: 7, stone_axe: 9, iron_axe: 9, golden_axe: 7, diamond_axe: 9 }
const MOB_LOOT = { cow: [['leather', 1, 2], ['beef', 1, 3]], pig: [['porkchop', 1, 3]], sheep: [['white_wool', 1, 1], ['mutton', 1, 2]], chicken: [['feather', 0, 2], ['chicken', 1, 1]] }

module.exports.server = function (serv, options) {
  const registry = serv.registry
  const Item = require('prismarine-item')(registry)
  const gen = options.generation && options.generation.options ? options.generation.options : {}
  const rng = rand.create(`${gen.seed}:loot`)
  const settings = (this && this.settings) || {}

  // passive animals are not in registry.mobs on 1.20.4, so /summon and spawnMob fail for cows (section 8)
  for (const e of registry.entitiesArray) {
    if (['animal', 'hostile', 'passive', 'water_creature', 'ambient'].includes(e.type)) registry.mobs[e.id] = e
  }

  function lootFor (block) {
    const table = LOOT[block.name]
    if (table) {
      const out = []
      for (const [item, n, otherwise] of table) {
        if (n >= 1) out.push([item, n])
        else if (rng.random() < n) out.push([item, 1])
        else if (otherwise) out.push([otherwise, 1])
      }
      return out
    }
    if (registry.itemsByName[block.name]) return [[block.name, 1]]
    const bl = registry.blockLoot && registry.blockLoot[block.name]
    if (bl && bl.drops.length) {
      const d = bl.drops.find(x => !x.silkTouch) || bl.drops[0]
      return [[d.item, 1]]
    }
    return []
  }

  serv.once('asap', () => {
    const sp = settings.spawn || CAMP.spawn
    serv.getSpawnPoint = async (world) => {
      for (let y = 120; y > 0; y--) {
        const b = await world.getBlock(new Vec3(sp.x, y, sp.z))
        if (b && b.boundingBox === 'block') return new Vec3(sp.x + 0.5, y + 1, sp.z + 0.5)
      }
      return new Vec3(sp.x + 0.5, 80, sp.z + 0.5)
    }
    const giveCmd = {
      base: 'give', info: 'Give items: /give <player|@s> <item> [count]', usage: '/give <player> <item> [count]', op: true,
      parse (str, ctx) {
        const a = str.trim().split(/\s+/)
        if (a.length < 2) return false
        const name = a[1].replace(/^minecraft:/, '')
        const count = a[2] === undefined ? 1 : parseInt(a[2], 10)
        if (!registry.itemsByName[name] || !Number.isFinite(count) || count < 1 || count > 2304) return false
        const target = a[0] === '@s' || a[0] === '@p' ? ctx.player : serv.getPlayer(a[0])
        return target ? { target, name, count } : false
      },
      action ({ target, name, count }) {
        const left = target.giveItem(new Item(registry.itemsByName[name].id, count))
        return `Gave ${count - left} ${name} to ${target.username}`
      }
    }
    serv.commands.add(giveCmd)
    serv.commands.add({
      base: 'clear', info: 'Clear the inventory', usage: '/clear [player]', op: true,
      parse (str, ctx) { const t = str.trim() ? serv.getPlayer(str.trim()) : ctx.player; return t ? { t } : false },
      action ({ t }) { for (let i = 0; i < 46; i++) if (t.inventory.slots[i]) t.inventory.updateSlot(i, null); t.cursor = null; return 'Cleared' }
    })
    serv.commands.add({ base: 'gamerule', info: 'Accepted and ignored', usage: '/gamerule <rule> <value>', op: true, parse: () => true, action: () => 'ok' })
    const harmless = new Set(['help', 'ping', 'version', 'me'])
    for (const cmd of Object.values(serv.commands.uniqueHash)) if (!harmless.has(cmd.params.base)) cmd.params.op = true
  })

  serv.spawnAnimal = (name, pos) => {
    const type = registry.entitiesByName[name]
    const mob = serv.spawnMob(type.id, serv.overworld, pos, {})
    mob.health = name === 'chicken' ? 4 : 10
    mob.takeDamage = ({ damage = 1, attacker }) => {
      mob.health -= damage
      mob._writeOthersNearby('animation', { entityId: mob.id, animation: 1 })
      if (mob.health > 0) return
      mob._writeOthersNearby('entity_status', { entityId: mob.id, entityStatus: 3 })
      serv.destroyEntity(mob) // sends entity_destroy so mineflayer's entityGone fires
      if (attacker && attacker.giveItem) {
        for (const [item, lo, hi] of MOB_LOOT[name] || []) {
          const n = lo + Math.floor(rng.random() * (hi - lo + 1))
          if (n > 0) attacker.giveItem(new Item(registry.itemsByName[item].id, n))
        }
      }
    }
    return mob
  }

  const saved = new Map() // username -> { slots, cursor, position } of players who left, given back when they rejoin
  serv.on('newPlayer', (player) => {
    const creative = player._client.listeners('set_creative_slot')
    player._client.removeAllListeners('set_creative_slot')
    player._client.on('set_creative_slot', (packet) => {
      if (player.gameMode === 1) for (const l of creative) l(packet)
      else if (packet && Number.isInteger(packet.slot) && player.writeSlot) player.writeSlot(0, packet.slot, player.inventory.slots[packet.slot])
    })
    player.once('disconnected', () => {
      const copy = (it) => it ? new Item(it.type, it.count, it.metadata, it.nbt) : null
      saved.set(player.username, { slots: player.inventory.slots.map(copy), cursor: copy(player.cursor), position: player.position.clone() })
    })
    player.once('spawned', () => { // the username is known from here on
      const back = saved.get(player.username)
      if (!back) return
      saved.delete(player.username)
      back.slots.forEach((it, i) => { if (i > 0 && i < 46 && it) player.inventory.updateSlot(i, it) })
      if (back.cursor) player.giveItem(back.cursor)
      player.teleport(back.position)
    })
    player.on('dug_cancel', (data) => {
      data.dropBlock = false // we hand the drops over ourselves, into the inventory
      const held = player.inventory.slots[36 + player.heldItemSlot]
      const tools = data.block.harvestTools
      if (tools && !(held && tools[held.type])) return
      for (const [name, count] of lootFor(data.block)) {
        const it = registry.itemsByName[name]
        if (it) player.giveItem(new Item(it.id, count))
      }
      if (serv.removeBlockEntity) for (const it of serv.removeBlockEntity(data.position)) player.giveItem(it)
    })
    player.on('attack_cancel', (data) => {
      const held = player.inventory.slots[36 + player.heldItemSlot]
      data.damage = held ? (TOOL_DAMAGE[registry.items[held.type].name] || 1) : 1
      data.attacker = player
    })
  })
}
