'use strict'
// Voyager/Orak observation: biome, time, nearby blocks, nearby entities, health, hunger, position,
// equipment, inventory and remembered chests, plus a top-down block map for the image modality.
const { Vec3 } = require('vec3')

function timeOfDay (t) {
  if (t < 1000) return 'sunrise'
  if (t < 6000) return 'day'
  if (t < 12000) return 'noon'
  if (t < 13000) return 'sunset'
  if (t < 18000) return 'night'
  return 'midnight'
}

function observe (bot, ctl) {
  const pos = bot.entity.position
  const counts = {}
  const skip = new Set(['air', 'cave_air', 'void_air', 'bedrock'])
  const ids = bot.registry.blocksArray.filter(b => !skip.has(b.name)).map(b => b.id) // id list: palette-fast
  for (const p of bot.findBlocks({ matching: ids, maxDistance: 16, count: 4096 })) {
    const b = bot.registry.blocksByStateId[bot.world.getBlockStateId(p)] // no Block objects: 10x faster
    if (b) counts[b.name] = (counts[b.name] || 0) + 1
  }
  const nearbyBlocks = Object.keys(counts).sort((a, b) => counts[b] - counts[a])
  const entities = {}
  for (const e of Object.values(bot.entities)) {
    if (e === bot.entity || !e.name || e.type === 'object' || e.name === 'item') continue
    const d = e.position.distanceTo(pos)
    if (d < 32) entities[e.name] = Math.min(entities[e.name] ?? Infinity, Math.round(d * 10) / 10)
  }
  const inv = {}
  for (const it of bot.inventory.items()) inv[it.name] = (inv[it.name] || 0) + it.count
  const slot = (i) => { const it = bot.inventory.slots[i]; return it ? it.name : null }
  const biome = (() => { try { const b = bot.blockAt(pos.floored()); return (b && b.biome && b.biome.name) || 'plains' } catch (e) { return 'plains' } })()
  return {
    biome,
    time: timeOfDay(bot.time.timeOfDay),
    nearby_blocks: nearbyBlocks,
    nearby_entities: entities,
    health: bot.health,
    hunger: bot.food,
    position: { x: Math.round(pos.x * 10) / 10, y: Math.round(pos.y * 10) / 10, z: Math.round(pos.z * 10) / 10 },
    equipment: [slot(5), slot(6), slot(7), slot(8), bot.heldItem ? bot.heldItem.name : null, slot(45)],
    inventory: inv,
    inventory_used: bot.inventory.items().length,
    chests: ctl.chests
  }
}

/** Top-down map: for each (x, z) around the bot, the name of the highest non-air block. */
function topDown (bot, radius) {
  const p = bot.entity.position.floored()
  const names = []; const index = new Map(); const grid = []; const heights = []
  for (let dz = -radius; dz <= radius; dz++) {
    const row = []; const hrow = []
    for (let dx = -radius; dx <= radius; dx++) {
      let name = 'unknown'; let h = 0
      for (let y = p.y + 12; y > p.y - 24; y--) {
        const b = bot.blockAt(new Vec3(p.x + dx, y, p.z + dz))
        if (!b) break
        if (b.name !== 'air' && b.name !== 'cave_air') { name = b.name; h = y; break }
      }
      if (!index.has(name)) { index.set(name, names.length); names.push(name) }
      row.push(index.get(name)); hrow.push(h - p.y)
    }
    grid.push(row); heights.push(hrow)
  }
  const ents = Object.values(bot.entities).filter(e => e !== bot.entity && e.name && e.name !== 'item')
    .map(e => ({ name: e.name, dx: Math.round(e.position.x - p.x), dz: Math.round(e.position.z - p.z) }))
    .filter(e => Math.abs(e.dx) <= radius && Math.abs(e.dz) <= radius)
  return { radius, names, grid, heights, entities: ents, yaw: bot.entity.yaw }
}

module.exports = { observe, topDown }
