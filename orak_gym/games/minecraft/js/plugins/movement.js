'use strict'
// Movement a survival player could make, which flying-squid does not check (it takes any position a
// client sends). Like vanilla, a move the server refuses is answered by sending the player its position
// back. Refused: a position that is not a finite number; more than 10 blocks in one packet (vanilla's
// "moved too quickly"); more horizontal or upward distance than a budget allows that refills at 1 block
// per tick (almost three times a sprint-jump) up to 3 blocks (packets that arrive bunched together);
// and a move whose feet or head would end inside a solid block (no walking through walls or into
// closed caves). Falling is not budgeted: the collision check keeps it above ground.
const { Vec3 } = require('vec3')
const { guard } = require('../lib/guard')

const MAX_MOVE = 10 // blocks per packet
const SPEED = 1 // blocks of horizontal or upward movement per 50 ms tick
const BURST = 3 // blocks of such movement at most in one go
const TICK_MS = 50

module.exports.server = function (serv) {
  const blocks = serv.registry.blocks
  serv.on('newPlayer', (player) => {
    let budget = BURST; let last = Date.now()
    const solid = (p) => { const b = blocks[player.world.sync.getBlockType(p)]; return !!b && b.boundingBox === 'block' }
    const inside = (pos) => [0.5, 1.5].some((dy) => solid(pos.offset(0, dy, 0).floored())) // feet, head (slabs, stairs: fine)
    function check ({ x, y, z }) {
      if (![x, y, z].every(Number.isFinite)) return 'not a position'
      const now = Date.now()
      budget = Math.min(BURST, budget + (now - last) / TICK_MS * SPEED); last = now
      const to = new Vec3(x, y, z); const from = player.position
      const d = to.minus(from)
      if (d.norm() > MAX_MOVE) return 'moved too quickly'
      const cost = Math.hypot(d.x, d.z, Math.max(0, d.y))
      if (cost > budget) return 'moved too quickly'
      if (inside(to) && !to.floored().equals(from.floored())) return 'moved into a block'
      budget -= cost
      return null
    }
    const sendBack = () => { try { player.sendSelfPosition() } catch (e) {} }
    guard(player, 'position', check, sendBack)
    guard(player, 'position_look', check, sendBack)
  })
}
