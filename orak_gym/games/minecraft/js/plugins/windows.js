'use strict'
// Server-authoritative window clicks for flying-squid: 2x2 and 3x3 crafting, furnaces and chests.
//
// Why: flying-squid ignores `window_click` on 1.17+ (prismarine-windows reads a pre-1.17 field), so
// mineflayer's bot.craft / bot.equip / openFurnace / openContainer silently desync. This plugin keeps
// the carried item (cursor) on the server, recomputes every click (modes 0, 1, 2, 4; others get a full
// resync), always re-sends the crafting result slot (mineflayer waits for it) and corrects any slot the
// client predicted wrongly. See shared/reference/minecraft_server.md sections 2-5.
const { Vec3 } = require('vec3')
const { SMELTING, FUEL } = require('../lib/tables')

const STILL_VALID = 8 // blocks from a container's centre to the player's feet (vanilla's Container.stillValid)
const ARMOUR = { 5: /_helmet$|_head$|_skull$|^carved_pumpkin$/, 6: /_chestplate$|^elytra$/, 7: /_leggings$/, 8: /_boots$/ }

module.exports.server = function (serv, options) {
  const registry = serv.registry
  const Item = require('prismarine-item')(registry)
  const windows = require('prismarine-windows')(registry).windows
  const cookTicks = (this && this.settings && this.settings.cookTicks) || options.cookTicks || 200

  // ---- recipes (shaped + mirrored, shapeless), keyed for O(1) grid lookup (section 5.3)
  const shaped = new Map(); const shapeless = new Map()
  for (const list of Object.values(registry.recipes)) {
    for (const r of list) {
      if (r.inShape) {
        for (const g of [r.inShape, r.inShape.map(row => [...row].reverse())]) {
          const k = JSON.stringify(g.map(row => row.map(c => (c === null || c === undefined) ? null : (typeof c === 'object' ? c.id : c))))
          if (!shaped.has(k)) shaped.set(k, r)
        }
      } else if (r.ingredients) {
        const k = r.ingredients.map(c => typeof c === 'object' ? c.id : c).sort((a, b) => a - b).join(',')
        if (!shapeless.has(k)) shapeless.set(k, r)
      }
    }
  }
  function matchGrid (cells, w) {
    let x0 = w; let y0 = w; let x1 = -1; let y1 = -1; const ids = []
    for (let y = 0; y < w; y++) {
      for (let x = 0; x < w; x++) {
        const it = cells[y * w + x]
        if (!it) continue
        ids.push(it.type)
        x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y)
      }
    }
    if (!ids.length) return null
    const rows = []
    for (let y = y0; y <= y1; y++) {
      const row = []
      for (let x = x0; x <= x1; x++) row.push(cells[y * w + x] ? cells[y * w + x].type : null)
      rows.push(row)
    }
    const r = shaped.get(JSON.stringify(rows)) || shapeless.get(ids.sort((a, b) => a - b).join(','))
    if (!r) return null
    const res = r.result
    return new Item(typeof res === 'object' ? res.id : res, res.count || 1)
  }

  const copy = (it) => it ? new Item(it.type, it.count, it.metadata, it.nbt) : null
  const stackOf = (it) => it ? (it.stackSize || 64) : 64
  const sameItem = (a, b) => (!a && !b) || (!!a && !!b && a.type === b.type && a.count === b.count)
  const claimed = (n) => (n && n.present) ? { type: n.itemId, count: n.itemCount } : null

  // ---- block entities (furnaces, chests) keyed by position, shared by all viewers
  serv.blockEntities = new Map()
  const key = (p) => `${p.x},${p.y},${p.z}`
  function blockEntity (kind, pos) {
    const k = key(pos)
    let be = serv.blockEntities.get(k)
    if (!be || be.kind !== kind) {
      be = { kind, pos: pos.clone(), slots: new Array(kind === 'chest' ? 27 : 3).fill(null), viewers: new Set(), burn: 0, burnTotal: 0, cook: 0 }
      serv.blockEntities.set(k, be)
    }
    return be
  }
  serv.removeBlockEntity = (pos) => {
    const be = serv.blockEntities.get(key(pos))
    if (!be) return []
    serv.blockEntities.delete(key(pos))
    for (const p of [...be.viewers]) p.closeContainer(true)
    return be.slots.filter(Boolean)
  }

  // ---- furnace ticking (vanilla rules: fuel is only lit when something can cook)
  serv.on('tick', () => {
    for (const be of serv.blockEntities.values()) {
      if (be.kind !== 'furnace') continue
      const [input, fuel, out] = be.slots
      const recipe = input && SMELTING[registry.items[input.type].name]
      const resId = recipe && registry.itemsByName[recipe].id
      const canOut = !!recipe && (!out || (out.type === resId && out.count < stackOf(out)))
      let changed = false
      if (be.burn <= 0 && canOut && fuel && FUEL[registry.items[fuel.type].name]) {
        be.burn = be.burnTotal = FUEL[registry.items[fuel.type].name]
        const left = fuel.count - 1
        const name = registry.items[fuel.type].name
        be.set(1, name === 'lava_bucket' ? new Item(registry.itemsByName.bucket.id, 1) : (left > 0 ? new Item(fuel.type, left) : null))
        changed = true
      }
      if (be.burn > 0) {
        be.burn--
        if (canOut) {
          be.cook++
          if (be.cook >= cookTicks) {
            be.cook = 0
            be.set(0, input.count > 1 ? new Item(input.type, input.count - 1) : null)
            be.set(2, out ? new Item(out.type, out.count + 1) : new Item(resId, 1))
          }
        } else be.cook = 0
        changed = true
      } else if (be.cook > 0) { be.cook = 0; changed = true }
      if (changed && (serv.tickCount % 5 === 0 || be.cook === 0)) be.sendProps()
    }
  })
  serv.tickCount = 0
  serv.on('tick', () => { serv.tickCount++ })

  function attachBE (be) {
    if (be.set) return
    be.set = (i, item) => {
      be.slots[i] = item
      for (const p of be.viewers) p.writeSlot(p.win.id, i, item)
    }
    be.sendProps = () => {
      for (const p of be.viewers) {
        for (const [property, value] of [[1, be.burnTotal], [0, be.burn], [3, cookTicks], [2, be.cook]]) {
          p._client.write('craft_progress_bar', { windowId: p.win.id, property, value })
        }
      }
    }
  }

  serv.once('asap', () => {
    const open = (kind) => ({ block, player }) => {
      const be = kind === 'crafting' ? { kind, slots: new Array(10).fill(null), viewers: new Set() } : blockEntity(kind, block.position)
      attachBE(be)
      player.openContainer(kind, be, block.position)
      return true // cancel the placement of the held item
    }
    serv.onBlockInteraction('crafting_table', open('crafting'))
    serv.onBlockInteraction('furnace', open('furnace'))
    serv.onBlockInteraction('chest', open('chest'))
  })

  serv.on('newPlayer', (player) => {
    player.cursor = null
    player.stateId = 1
    player.win = null
    player.nextWindowId = 0
    player._client.removeAllListeners('window_click')
    player._client.removeAllListeners('close_window')

    player.writeSlot = (windowId, slot, item) => {
      player.stateId = (player.stateId + 1) & 0x7fff
      player._client.write('set_slot', { windowId, stateId: player.stateId, slot, item: Item.toNotch(item || null) })
    }
    // mirror the player's inventory into an open container's player section (mineflayer copies it back on close)
    player.inventory.on('updateSlot', (slot, _old, item) => {
      if (player.win && slot >= 9 && slot <= 44) player.writeSlot(player.win.id, slot - 9 + player.win.n, item)
    })

    const inv = player.inventory
    function view () {
      const w = player.win
      if (!w) {
        return {
          id: 0, n: 46, craft: 'inv',
          get: (i) => inv.slots[i] || null,
          set: (i, it) => inv.updateSlot(i, it || null)
        }
      }
      return {
        id: w.id, n: w.n + 36, craft: w.kind,
        get: (i) => i < w.n ? w.be.slots[i] : (inv.slots[i - w.n + 9] || null),
        set: (i, it) => { if (i < w.n) w.be.set(i, it || null); else inv.updateSlot(i - w.n + 9, it || null) }
      }
    }
    function gridOf (v) {
      if (v.craft === 'inv') return { w: 2, slots: [1, 2, 3, 4] }
      if (v.craft === 'crafting') return { w: 3, slots: [1, 2, 3, 4, 5, 6, 7, 8, 9] }
      return null
    }
    function recompute (v) {
      const g = gridOf(v)
      if (!g) return
      v.set(0, matchGrid(g.slots.map(i => v.get(i)), g.w))
    }
    /** As in vanilla: armour slots (5-8 of the inventory window) take only the armour worn there, and a
     * furnace's fuel slot only fuel (or an empty bucket). */
    function accepts (v, slot, item) {
      if (!item) return true
      const name = registry.items[item.type].name
      if (v.craft === 'furnace' && slot === 1) return !!FUEL[name] || name === 'bucket'
      if (v.craft !== 'inv' || !ARMOUR[slot]) return true
      return ARMOUR[slot].test(name)
    }
    function resultSlot (v) { return v.craft === 'inv' || v.craft === 'crafting' ? 0 : (v.craft === 'furnace' ? 2 : -1) }

    // add an item to the player inventory (hotbar first, then main); returns what did not fit
    player.giveItem = (item) => {
      let left = item.count
      const order = [...Array(9).keys()].map(i => 36 + i).concat([...Array(27).keys()].map(i => 9 + i))
      for (const s of order) {
        const it = inv.slots[s]
        if (left > 0 && it && it.type === item.type && it.count < stackOf(it)) {
          const n = Math.min(left, stackOf(it) - it.count)
          inv.updateSlot(s, new Item(it.type, it.count + n, it.metadata, it.nbt)); left -= n
        }
      }
      for (const s of order) {
        if (left > 0 && !inv.slots[s]) {
          const n = Math.min(left, stackOf(new Item(item.type, 1)))
          inv.updateSlot(s, new Item(item.type, n, item.metadata, item.nbt)); left -= n
        }
      }
      return left
    }
    /** How many of `item` the main inventory and hotbar can still take. */
    function room (item) {
      let n = 0
      for (let s = 9; s <= 44; s++) {
        const it = inv.slots[s]
        if (!it) n += stackOf(item)
        else if (it.type === item.type) n += Math.max(0, stackOf(it) - it.count)
      }
      return n
    }
    // Picking up a dropped stack takes all of it that fits, into the main inventory and hotbar only
    // (flying-squid gave one item whatever the stack, into any slot, the crafting result's included);
    // what does not fit stays on the ground.
    player.collect = (entity) => {
      const count = Math.max(1, Math.floor(Number(entity.itemCount) || 1))
      const left = player.giveItem(new Item(entity.itemId, count))
      if (left === count) return
      entity._writeOthersNearby('collect', { collectedEntityId: entity.id, collectorEntityId: player.id, pickupItemCount: count - left })
      entity.destroy()
      if (left > 0) dropItem(new Item(entity.itemId, left), entity.position)
    }
    function giveOrDrop (item) {
      if (!item) return
      const left = player.giveItem(item)
      if (left > 0) dropItem(new Item(item.type, left))
    }
    function dropItem (item, at) {
      if (!item) return
      try {
        serv.spawnObject(registry.entitiesByName.item.id, player.world, at || player.position.offset(0, 1.5, 0), {
          velocity: new Vec3(0, 1, 0), itemId: item.type, itemCount: item.count, pickupTime: 2000, deathTime: 60 * 5 * 1000
        })
      } catch (e) { /* too many entities: the item is lost, as in vanilla when it despawns */ }
    }

    function sendWindow () {
      const v = view()
      const items = []
      for (let i = 0; i < v.n; i++) items.push(Item.toNotch(v.get(i) || null))
      player.stateId = (player.stateId + 1) & 0x7fff
      player._client.write('window_items', { windowId: v.id, stateId: player.stateId, items, carriedItem: Item.toNotch(player.cursor || null) })
    }

    player.openContainer = (kind, be, pos) => {
      if (player.win) player.closeContainer(false)
      player.nextWindowId = (player.nextWindowId % 100) + 1
      const type = windows[kind === 'chest' ? 'minecraft:generic_9x3' : 'minecraft:' + kind].type
      player.win = { id: player.nextWindowId, kind, be, n: be.slots.length, pos: pos && pos.clone(), block: pos && player.world.sync.getBlockType(pos) }
      be.viewers.add(player)
      const title = { translate: kind === 'chest' ? 'container.chest' : 'container.' + kind }
      player._client.write('open_window', { windowId: player.win.id, inventoryType: type, windowTitle: serv._createChatComponent(title).toNetworkFormat() })
      sendWindow()
      if (kind === 'furnace') be.sendProps()
    }
    player.closeContainer = (notify) => {
      const w = player.win
      if (w) {
        w.be.viewers.delete(player)
        if (w.kind === 'crafting') for (let i = 1; i <= 9; i++) { giveOrDrop(w.be.slots[i]); w.be.slots[i] = null }
        if (notify) player._client.write('close_window', { windowId: w.id })
      } else {
        for (let i = 1; i <= 4; i++) { const it = inv.slots[i]; if (it) { inv.updateSlot(i, null); giveOrDrop(it) } }
        if (inv.slots[0]) inv.updateSlot(0, null)
      }
      if (player.cursor) { const c = player.cursor; player.cursor = null; giveOrDrop(c) }
      player.win = null
    }
    player._client.on('close_window', () => player.closeContainer(false))
    // As vanilla's stillValid: a block's window closes once the player's feet are more than 8 blocks from the
    // block's centre, or the block is gone (opening one needs reach and sight, which reach.js checks).
    const tick = () => {
      const w = player.win
      if (!w || !w.pos) return
      try {
        if (player.position.distanceTo(w.pos.offset(0.5, 0.5, 0.5)) > STILL_VALID || player.world.sync.getBlockType(w.pos) !== w.block) player.closeContainer(true)
      } catch (err) { serv.emit('error', err) }
    }
    serv.on('tick', tick)
    player._client.once('end', () => serv.removeListener('tick', tick))

    // Taking a result pays out only what is paid for: a craft is taken whole or not at all (one of each
    // grid item per craft), and a furnace's output leaves behind whatever the inventory cannot hold.
    function takeResult (v, shift) {
      const rs = resultSlot(v)
      let res = v.get(rs)
      let guard = 64
      while (res && guard-- > 0) {
        if (shift && rs !== 0) {
          const left = player.giveItem(copy(res))
          v.set(rs, left > 0 ? new Item(res.type, left, res.metadata, res.nbt) : null)
          return
        }
        if (shift) {
          if (room(res) < res.count) break // the whole craft must fit, or nothing is crafted
          player.giveItem(copy(res))
        } else {
          const c = player.cursor
          if (c && (c.type !== res.type || c.count + res.count > stackOf(c))) return
          player.cursor = c ? new Item(c.type, c.count + res.count) : copy(res)
        }
        if (rs === 0) {
          for (const i of gridOf(v).slots) {
            const it = v.get(i)
            if (it) v.set(i, it.count > 1 ? new Item(it.type, it.count - 1, it.metadata, it.nbt) : null)
          }
          recompute(v)
        } else v.set(rs, null)
        if (!shift) return
        res = v.get(rs)
      }
    }

    function shiftMove (v, s) {
      const it = v.get(s)
      if (!it) return
      const w = player.win
      if (!w) { // inventory window: main <-> hotbar, anything else -> main+hotbar
        const targets = s >= 36 && s <= 44 ? range(9, 36) : (s >= 9 && s <= 35 ? range(36, 45) : range(9, 45))
        v.set(s, moveInto(v, it, targets))
        return
      }
      if (s < w.n) { v.set(s, moveInto(v, it, range(w.n, w.n + 36).reverse())); return }
      let targets
      if (w.kind === 'chest') targets = range(0, w.n)
      else if (w.kind === 'furnace') {
        const name = registry.items[it.type].name
        targets = SMELTING[name] ? [0] : (FUEL[name] ? [1] : [])
      } else targets = []
      if (!targets.length) { // move between main and hotbar sections
        const rel = s - w.n
        targets = rel < 27 ? range(w.n + 27, w.n + 36) : range(w.n, w.n + 27)
      }
      v.set(s, moveInto(v, it, targets))
    }
    function range (a, b) { const r = []; for (let i = a; i < b; i++) r.push(i); return r }
    function moveInto (v, it, targets) { // returns the remainder (or null)
      let left = it.count
      for (const pass of [0, 1]) {
        for (const t of targets) {
          if (left <= 0) break
          const cur = v.get(t)
          if (pass === 0 && cur && cur.type === it.type && cur.count < stackOf(cur)) {
            const n = Math.min(left, stackOf(cur) - cur.count)
            v.set(t, new Item(cur.type, cur.count + n, cur.metadata, cur.nbt)); left -= n
          } else if (pass === 1 && !cur) {
            v.set(t, new Item(it.type, left, it.metadata, it.nbt)); left = 0
          }
        }
      }
      return left > 0 ? new Item(it.type, left, it.metadata, it.nbt) : null
    }

    function click (v, pkt) {
      const { slot, mouseButton: b, mode } = pkt
      const rs = resultSlot(v)
      if (mode === 0) {
        if (slot === -999) {
          if (player.cursor) {
            if (b === 0) { dropItem(player.cursor); player.cursor = null } else {
              dropItem(new Item(player.cursor.type, 1))
              player.cursor = player.cursor.count > 1 ? new Item(player.cursor.type, player.cursor.count - 1) : null
            }
          }
          return
        }
        if (slot < 0 || slot >= v.n) return
        if (slot === rs) { takeResult(v, false); return }
        if (!accepts(v, slot, player.cursor)) return
        const S = v.get(slot); const C = player.cursor
        if (b === 0) {
          if (!C) { player.cursor = S; v.set(slot, null) } else if (!S) { v.set(slot, C); player.cursor = null } else if (S.type === C.type) {
            const n = Math.min(C.count, stackOf(S) - S.count)
            v.set(slot, new Item(S.type, S.count + n, S.metadata, S.nbt))
            player.cursor = C.count - n > 0 ? new Item(C.type, C.count - n, C.metadata, C.nbt) : null
          } else { v.set(slot, C); player.cursor = S }
        } else if (b === 1) {
          if (!C) {
            if (!S) return
            const take = Math.ceil(S.count / 2)
            player.cursor = new Item(S.type, take, S.metadata, S.nbt)
            v.set(slot, S.count - take > 0 ? new Item(S.type, S.count - take, S.metadata, S.nbt) : null)
          } else if (!S || (S.type === C.type && S.count < stackOf(S))) {
            v.set(slot, new Item(C.type, (S ? S.count : 0) + 1, C.metadata, C.nbt))
            player.cursor = C.count > 1 ? new Item(C.type, C.count - 1, C.metadata, C.nbt) : null
          } else if (S.type !== C.type) { v.set(slot, C); player.cursor = S }
        }
      } else if (mode === 1) {
        if (slot < 0 || slot >= v.n) return
        if (slot === rs) takeResult(v, true); else shiftMove(v, slot)
      } else if (mode === 2) {
        if (slot < 0 || slot >= v.n || slot === rs) return
        const invSlot = b === 40 ? 45 : 36 + b
        if (b !== 40 && (b < 0 || b > 8)) return
        const a = v.get(slot); const h = inv.slots[invSlot] || null
        if (!accepts(v, slot, h) || !accepts({ craft: 'inv' }, invSlot, a)) return
        v.set(slot, h); inv.updateSlot(invSlot, a)
      } else if (mode === 4) {
        if (slot < 0 || slot >= v.n) return
        const S = v.get(slot)
        if (!S) return
        if (b === 1 || S.count === 1) { dropItem(S); v.set(slot, null) } else { dropItem(new Item(S.type, 1)); v.set(slot, new Item(S.type, S.count - 1, S.metadata, S.nbt)) }
      } else {
        return 'resync'
      }
    }

    player._client.on('window_click', (pkt) => {
      try {
        const v = view()
        if (pkt.windowId !== v.id) { sendWindow(); return }
        const r = click(v, pkt)
        const g = gridOf(v)
        if (g) recompute(v) // always re-send the result slot: mineflayer waits for it
        if (r === 'resync') { sendWindow(); return }
        for (const { location, item } of pkt.changedSlots || []) {
          if (location < 0 || location >= v.n) continue
          const truth = v.get(location)
          if (!sameItem(truth, claimed(item))) player.writeSlot(v.id, location, truth)
        }
        if (!sameItem(player.cursor, claimed(pkt.cursorItem))) player.writeSlot(-1, -1, player.cursor)
      } catch (err) {
        serv.emit('error', err)
      }
    })
  })
}
