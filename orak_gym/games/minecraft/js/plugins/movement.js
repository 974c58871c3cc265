'use strict'
// Movement a survival player could make, which flying-squid does not check (it takes any position a
// client sends). Like vanilla, a move the server refuses is answered by sending the player its position
// back. Refused: a position that is not a finite number; more than 10 blocks in one packet (vanilla's
// "moved too quickly"); more horizontal or upward distance than a budget allows that refills at 1 block
// per tick (almost three times a sprint-jump) up to 3 blocks (packets that arrive bunched together);
// a move whose feet or head would end inside a solid block (no walking through walls or into closed
// caves); and flight. Without support (a block under the feet, or water, a ladder, a vine...) a player
// rises at most a jump's height above where it last stood, and after a jump's time (with slack for late
// packets) the highest place it may be falls as it would under half of vanilla's gravity, so a real jump
// or fall always stays under it and hovering, gliding or climbing in the air does not. A move above that
// height is sent back lowered to it (or onto the block beneath): falling is always allowed.
const { Vec3 } = require('vec3')
const { guard } = require('../lib/guard')

const MAX_MOVE = 10 // blocks per packet
const SPEED = 1 // blocks of horizontal or upward movement per 50 ms tick
const BURST = 3 // blocks of such movement at most in one go
const TICK_MS = 50
const JUMP = 1.25 + 0.1 // blocks a jump rises (vanilla: 1.2522), plus slack
const HOLD_MS = 1000 // a jump lasts 0.6 s; the rest is slack for packets that arrive late
const CORNERS = [[-0.299, -0.299], [0.299, -0.299], [-0.299, 0.299], [0.299, 0.299]] // the player's box is 0.6 wide
// blocks a player may stand, swim or climb in without a block under its feet
const HOLDS = new Set(['water', 'lava', 'ladder', 'vine', 'scaffolding', 'cobweb', 'powder_snow', 'bubble_column', 'snow',
  'twisting_vines', 'twisting_vines_plant', 'weeping_vines', 'weeping_vines_plant', 'cave_vines', 'cave_vines_plant'])
const FALL = [0] // blocks fallen after n ticks at half vanilla's gravity (vanilla: v = (v - 0.08) * 0.98 per tick)
for (let v = 0, y = 0; FALL.length <= 1200;) { v = (v - 0.04) * 0.98; y += v; FALL.push(-y) }
const fallAfter = (ticks) => ticks <= 1200 ? FALL[Math.floor(ticks)] : FALL[1200] + (ticks - 1200) * 1.96

module.exports.server = function (serv) {
  const blocks = serv.registry.blocks
  serv.on('newPlayer', (player) => {
    let budget = BURST; let last = Date.now()
    let groundY = player.position.y; let groundAt = Date.now() // flight: where and when the player last stood
    let ours = false // a position this plugin sends back is no new footing
    let seen = null // the position the last packet was checked against
    const placed = () => { if (!ours) { groundY = player.position.y; groundAt = Date.now() } }
    const sendSelf = player.sendSelfPosition; const teleport = player.teleport // the server placing the player
    player.sendSelfPosition = (pos) => { // with no argument: only a new place (a respawn) is new footing
      const moved = !!pos || !seen || !player.position.equals(seen)
      const r = sendSelf(pos); if (moved) placed(); return r
    }
    if (teleport) player.teleport = async (...args) => { const r = await teleport(...args); placed(); return r }
    const block = (p) => blocks[player.world.sync.getBlockType(p.floored())]
    const solid = (p) => { const b = block(p); return !!b && b.boundingBox === 'block' }
    const inside = (pos) => [0.5, 1.5].some((dy) => solid(pos.offset(0, dy, 0).floored())) // feet, head (slabs, stairs: fine)
    function supported (pos) {
      return CORNERS.some(([x, z]) => {
        if (solid(pos.offset(x, -0.2, z)) && !solid(pos.offset(x, 0.1, z))) return true // not a box pushed into a wall
        const low = block(pos.offset(x, -0.55, z)) // fences and walls are 1.5 blocks high
        if (low && /_fence$|_fence_gate$|_wall$/.test(low.name)) return true
        return [-0.2, 0.1, 0.9, 1.7].some((dy) => { const b = block(pos.offset(x, dy, z)); return !!b && HOLDS.has(b.name) })
      })
    }
    const ceiling = (now) => groundY + JUMP - fallAfter(Math.max(0, now - groundAt - HOLD_MS) / TICK_MS)
    function check ({ x, y, z }) {
      if (![x, y, z].every(Number.isFinite)) return 'not a position'
      const now = Date.now()
      budget = Math.min(BURST, budget + (now - last) / TICK_MS * SPEED); last = now
      const to = new Vec3(x, y, z); const from = player.position; seen = from
      const d = to.minus(from)
      if (d.norm() > MAX_MOVE) return 'moved too quickly'
      const cost = Math.hypot(d.x, d.z, Math.max(0, d.y))
      if (cost > budget) return 'moved too quickly'
      if (inside(to) && !to.floored().equals(from.floored())) return 'moved into a block'
      if (supported(to)) { groundY = to.y; groundAt = now } else if (to.y > ceiling(now)) return 'flying'
      budget -= cost
      return null
    }
    /** Where a player that is flying is sent: no higher than it may be now, on the block beneath if that is higher. */
    function lower () {
      const from = player.position; const top = ceiling(Date.now())
      if (from.y <= top) return from
      let y = top
      for (let cy = Math.floor(from.y) - 1; cy + 1 > top; cy--) {
        if (CORNERS.some(([dx, dz]) => solid(new Vec3(from.x + dx, cy, from.z + dz)))) { y = cy + 1; break }
      }
      return new Vec3(from.x, Math.min(from.y, y), from.z)
    }
    const sendBack = (pkt, why) => {
      try {
        ours = true
        if (why !== 'flying') return player.sendSelfPosition()
        player.sendSelfPosition(lower())
      } catch (e) {} finally { ours = false }
    }
    guard(player, 'position', check, sendBack)
    guard(player, 'position_look', check, sendBack)
  })
}
