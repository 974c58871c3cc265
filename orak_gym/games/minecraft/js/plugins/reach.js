'use strict'
// Reach and sight for every interaction, which flying-squid does not check: digging, placing or using
// a block and attacking or using an entity count only within 6 blocks of the player's eyes (the vanilla
// 1.20.4 server's limit, from the eyes to the block's centre or the entity's box) and only when a straight
// line from the eyes reaches the target (its centre, a face or, for an entity, its box) through no solid
// block. Scores come from the server's inventory, so a packet that names a block 14 blocks away behind
// terrain must pay out nothing: it is refused, the client is told the block's true state, and the player
// gets one line in chat saying why (vanilla refuses silently; the line tells a program what went wrong).
const { Vec3 } = require('vec3')
const { guard } = require('../lib/guard')

const REACH = 6 // blocks, eyes to target (vanilla's MAX_INTERACTION_DISTANCE is 6 squared)
const EYE_HEIGHT = 1.62
const STEP = 0.05 // blocks between the points a sight line samples
const FACES = [[0.5, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 1, 0.5], [0, 0.5, 0.5], [1, 0.5, 0.5], [0.5, 0.5, 0], [0.5, 0.5, 1]]

module.exports.server = function (serv) {
  const blocks = serv.registry.blocks
  const entitiesById = serv.registry.entities

  serv.on('newPlayer', (player) => {
    const eyes = () => player.position.offset(0, EYE_HEIGHT, 0)
    const solidAt = (x, y, z) => {
      const b = blocks[player.world.sync.getBlockType(new Vec3(x, y, z))]
      return !!b && b.boundingBox === 'block'
    }
    /** True when the segment from the eyes to `to` crosses no solid block other than `target` (a cell). */
    function clear (from, to, target) {
      const d = to.minus(from); const len = d.norm(); const n = Math.ceil(len / STEP)
      const start = from.floored()
      for (let i = 1; i < n; i++) {
        const p = from.plus(d.scaled(i / n)).floored()
        if (p.equals(start) || (target && p.equals(target))) continue
        if (solidAt(p.x, p.y, p.z)) return false
      }
      return true
    }
    function blockAllowed (location) {
      if (!location || ![location.x, location.y, location.z].every(Number.isFinite)) return 'no such block'
      const cell = new Vec3(location.x, location.y, location.z).floored()
      const e = eyes()
      if (e.distanceTo(cell.offset(0.5, 0.5, 0.5)) > REACH) return 'out of reach'
      return FACES.some(([x, y, z]) => clear(e, cell.offset(x, y, z), cell)) ? null : 'hidden behind blocks'
    }
    function entityAllowed (id) {
      const target = serv.entities[id]
      if (!target || !target.position) return 'no such entity'
      const info = entitiesById[target.type === 'player' ? serv.registry.entitiesByName.player.id : target.entityType] || {}
      const w = (info.width || 0.6) / 2; const h = info.height || 1.8
      const e = eyes(); const p = target.position
      const nearest = new Vec3(clamp(e.x, p.x - w, p.x + w), clamp(e.y, p.y, p.y + h), clamp(e.z, p.z - w, p.z + w))
      if (e.distanceTo(nearest) > REACH) return 'out of reach'
      const aims = [nearest, p.offset(0, h / 2, 0), p.offset(0, h * 0.9, 0), p.offset(0, 0.1, 0)]
      return aims.some((to) => clear(e, to, null)) ? null : 'hidden behind blocks'
    }
    const tell = (what, why) => { try { player.chat(`Server: cannot ${what}: ${why} (reach is ${REACH} blocks from the eyes, in sight)`) } catch (e) {} }
    const sendTrue = (location) => {
      if (!location || ![location.x, location.y, location.z].every(Number.isFinite)) return
      const pos = new Vec3(location.x, location.y, location.z).floored()
      try { player.sendBlock(pos, player.world.sync.getBlockStateId(pos)) } catch (e) {}
    }

    guard(player, 'block_dig', (pkt) => {
      if (![0, 1, 2].includes(pkt.status)) return null // drops, hand swaps: no target block
      return pkt.status === 1 ? null : blockAllowed(pkt.location)
    }, (pkt, why) => {
      sendTrue(pkt.location)
      if (serv.supportFeature('acknowledgePlayerDigging')) {
        player._client.write('acknowledge_player_digging', { sequenceId: pkt.sequence, location: pkt.location, block: 0, status: pkt.status, successful: false })
      }
      if (pkt.status === 0) tell('dig', why)
    })
    guard(player, 'block_place', (pkt) => blockAllowed(pkt.location), (pkt, why) => {
      sendTrue(pkt.location)
      const d = [[0, -1, 0], [0, 1, 0], [0, 0, -1], [0, 0, 1], [-1, 0, 0], [1, 0, 0]][pkt.direction]
      if (d && pkt.location) sendTrue({ x: pkt.location.x + d[0], y: pkt.location.y + d[1], z: pkt.location.z + d[2] })
      const slot = 36 + player.heldItemSlot
      if (player.writeSlot) player.writeSlot(0, slot, player.inventory.slots[slot]) // the client spent it already
      tell('use that block', why)
    })
    guard(player, 'use_entity', (pkt) => entityAllowed(pkt.target), (pkt, why) => tell('reach that entity', why))
  })
}

function clamp (v, lo, hi) { return Math.max(lo, Math.min(hi, v)) }
