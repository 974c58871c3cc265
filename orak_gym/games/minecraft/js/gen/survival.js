'use strict'
// Seeded survival world generator for the embedded flying-squid server.
//
// Why: flying-squid's default `diamond_square` terrain has no trees, ores, gravel, lava or plants, so
// none of Orak's eight Minecraft tasks could be done on it. This wraps that terrain (so hills, beaches
// and sea stay as they are) and adds, per chunk, with its own PRNG seeded from `seed:cx:cz`:
//   - ore veins that replace stone only, at plausible depths (coal, iron, gold, redstone, lapis, diamond)
//   - gravel pockets, oak trees on grass (kept inside their chunk, so no cross-chunk state is needed)
// and a deterministic "base camp" in chunks (0..1, 0..1) around the spawn point (8, y, 8) that
// GUARANTEES what the tasks need within ~25 blocks of spawn for every seed: dry land, trees, an exposed
// stone outcrop with coal/iron/gold/diamond ore on its surface, a pond with sand and sugar cane, a
// gravel patch and a lava pool framed by obsidian. Same seed -> byte-identical chunks.
const rand = require('random-seed')
const { Vec3 } = require('vec3')
const diamondSquare = require('flying-squid').generations.diamond_square

const WATERLINE = 20
const CAMP_FLOOR = WATERLINE + 2 // the base camp is raised at least to this height

/** Static layout of the base camp, in absolute block coordinates (chunks 0..1 x 0..1). */
const CAMP = {
  spawn: { x: 8, z: 8 },
  trees: [{ x: 3, z: 3 }, { x: 13, z: 3 }, { x: 3, z: 13 }, { x: 13, z: 12 }],
  // stone outcrop: a 6x6 mound, 2 blocks proud of the surface, ore on its faces
  outcrop: { x0: 19, z0: 3, x1: 24, z1: 8 },
  pond: { x0: 3, z0: 19, x1: 9, z1: 25 }, // water inside, a sand ring, sugar cane on the ring
  gravel: { x0: 12, z0: 20, x1: 15, z1: 24 },
  obsidian: { x0: 19, z0: 19, x1: 25, z1: 25 } // obsidian slab with a 2x2 lava pool in the middle
}

function inRect (r, x, z) { return x >= r.x0 && x <= r.x1 && z >= r.z0 && z <= r.z1 }

module.exports = function survivalGeneration (opts) {
  const { registry } = opts
  const seed = opts.seed
  const base = diamondSquare({ ...opts, waterline: WATERLINE })
  const S = (name) => {
    const b = registry.blocksByName[name]
    if (!b) throw new Error(`unknown block ${name}`)
    return b.defaultState
  }
  const B = {
    air: S('air'),
    stone: S('stone'),
    dirt: S('dirt'),
    grass: S('grass_block'),
    sand: S('sand'),
    water: S('water'),
    lava: S('lava'),
    gravel: S('gravel'),
    obsidian: S('obsidian'),
    coal: S('coal_ore'),
    iron: S('iron_ore'),
    gold: S('gold_ore'),
    diamond: S('diamond_ore'),
    redstone: S('redstone_ore'),
    lapis: S('lapis_ore'),
    log: registry.blocksByName.oak_log.minStateId + 1, // axis=y
    leaves: S('oak_leaves'),
    cane: S('sugar_cane'),
    bedrock: S('bedrock')
  }
  const airLike = new Set([B.air, S('short_grass'), S('tall_grass'), registry.blocksByName.tall_grass.minStateId])

  function surfaceY (chunk, x, z) {
    for (let y = 120; y > 0; y--) {
      const s = chunk.getBlockStateId(new Vec3(x, y, z))
      if (!airLike.has(s) && s !== B.water) return y
    }
    return 1
  }

  function veins (chunk, r) {
    const specs = [
      [B.coal, 5, 70, 12, 8], [B.iron, 5, 50, 10, 6], [B.gold, 5, 28, 3, 5],
      [B.redstone, 5, 16, 3, 5], [B.lapis, 5, 25, 2, 4], [B.diamond, 5, 14, 2, 4], [B.gravel, 20, 60, 2, 10]
    ]
    for (const [ore, ymin, ymax, n, size] of specs) {
      for (let i = 0; i < n; i++) {
        let x = r(16); let y = ymin + r(ymax - ymin + 1); let z = r(16)
        for (let k = 0; k < size; k++) {
          const p = new Vec3(x, y, z)
          if (chunk.getBlockStateId(p) === B.stone) chunk.setBlockStateId(p, ore)
          x = Math.min(15, Math.max(0, x + r(3) - 1)); y += r(3) - 1; z = Math.min(15, Math.max(0, z + r(3) - 1))
        }
      }
    }
  }

  function tree (chunk, x, z, h) {
    const y0 = surfaceY(chunk, x, z)
    const top = y0 + h
    for (let dx = -2; dx <= 2; dx++) {
      for (let dz = -2; dz <= 2; dz++) {
        for (let y = top - 2; y <= top + 1; y++) {
          const rad = y > top - 1 ? 1 : 2
          if (Math.abs(dx) > rad || Math.abs(dz) > rad) continue
          const p = new Vec3(x + dx, y, z + dz)
          if (p.x < 0 || p.x > 15 || p.z < 0 || p.z > 15) continue
          if (airLike.has(chunk.getBlockStateId(p))) chunk.setBlockStateId(p, B.leaves)
        }
      }
    }
    for (let y = y0 + 1; y <= top; y++) chunk.setBlockStateId(new Vec3(x, y, z), B.log)
    chunk.setBlockStateId(new Vec3(x, y0, z), B.dirt)
  }

  function clearAbove (chunk, x, z, y) {
    for (let yy = y; yy < y + 8; yy++) chunk.setBlockStateId(new Vec3(x, yy, z), B.air)
  }

  function baseCamp (chunk, cx, cz) {
    for (let lx = 0; lx < 16; lx++) {
      for (let lz = 0; lz < 16; lz++) {
        const x = cx * 16 + lx; const z = cz * 16 + lz
        let s = surfaceY(chunk, lx, lz)
        if (s < CAMP_FLOOR) { // raise the camp out of the sea
          for (let y = s; y <= CAMP_FLOOR; y++) chunk.setBlockStateId(new Vec3(lx, y, lz), y === CAMP_FLOOR ? B.grass : B.dirt)
          s = CAMP_FLOOR
        }
        const set = (y, st) => chunk.setBlockStateId(new Vec3(lx, y, lz), st)
        const o = CAMP.outcrop
        if (inRect(o, x, z)) {
          for (let y = s - 3; y <= s + 2; y++) set(y, B.stone)
          clearAbove(chunk, lx, lz, s + 3)
          const edge = x === o.x0 || x === o.x1 || z === o.z0 || z === o.z1
          const k = (x - o.x0) * 7 + (z - o.z0) * 3
          if (!edge) { // ores on the top face and the layer just below it
            const ores = [B.iron, B.coal, B.iron, B.gold, B.diamond, B.iron, B.coal, B.gold, B.diamond]
            set(s + 2, ores[k % ores.length])
            set(s + 1, ores[(k + 4) % ores.length])
          }
          continue
        }
        const p = CAMP.pond
        if (inRect(p, x, z)) {
          const ring = x === p.x0 || x === p.x1 || z === p.z0 || z === p.z1
          clearAbove(chunk, lx, lz, s + 1)
          set(s - 1, B.sand)
          set(s, ring ? B.sand : B.water)
          if (ring && (x + z) % 2 === 0) { set(s + 1, B.cane); set(s + 2, B.cane) }
          continue
        }
        if (inRect(CAMP.gravel, x, z)) {
          clearAbove(chunk, lx, lz, s + 1)
          for (let y = s - 2; y <= s; y++) set(y, B.gravel)
          continue
        }
        const ob = CAMP.obsidian
        if (inRect(ob, x, z)) {
          clearAbove(chunk, lx, lz, s + 1)
          const mid = x >= ob.x0 + 2 && x <= ob.x1 - 2 && z >= ob.z0 + 2 && z <= ob.z1 - 2
          const core = (x === 21 || x === 22) && (z === 21 || z === 22)
          set(s - 1, B.obsidian)
          set(s, core ? B.lava : (mid || (x + z) % 3 !== 0 ? B.obsidian : B.stone))
          continue
        }
        if (Math.abs(x - CAMP.spawn.x) <= 1 && Math.abs(z - CAMP.spawn.z) <= 1) clearAbove(chunk, lx, lz, s + 1)
      }
    }
    for (const t of CAMP.trees) {
      if (Math.floor(t.x / 16) === cx && Math.floor(t.z / 16) === cz) tree(chunk, t.x - cx * 16, t.z - cz * 16, 5)
    }
  }

  return function generate (cx, cz) {
    const chunk = base(cx, cz)
    const r = rand.create(`${seed}:${cx}:${cz}:features`)
    veins(chunk, (n) => r(n))
    const camp = cx >= 0 && cx <= 1 && cz >= 0 && cz <= 1
    if (camp) {
      baseCamp(chunk, cx, cz)
    } else {
      const n = r(4)
      for (let i = 0; i < n; i++) {
        const x = 2 + r(12); const z = 2 + r(12)
        if (chunk.getBlockStateId(new Vec3(x, surfaceY(chunk, x, z), z)) === B.grass) tree(chunk, x, z, 4 + r(3))
      }
    }
    return chunk
  }
}

module.exports.CAMP = CAMP
module.exports.surfaceYOf = function (chunk, registry, x, z) {
  const air = registry.blocksByName.air.defaultState
  for (let y = 120; y > 0; y--) {
    const id = chunk.getBlockStateId(new Vec3(x, y, z))
    if (id !== air) return y
  }
  return 1
}
