'use strict'
// Voyager-style control primitives (the API Orak's Minecraft prompts describe), written against
// mineflayer + mineflayer-pathfinder. Errors are thrown with messages an LLM can act on
// ("no crafting_table nearby: place one first"). Every wait goes through `ctl.check()` so a program
// past its time limit stops at the next step and leaves the bot idle.
const { Vec3 } = require('vec3')
const { goals: G, Movements } = require('mineflayer-pathfinder')

function createPrimitives (bot, mcData, ctl) {
  const check = () => ctl.check()
  const itemCount = (name) => bot.inventory.items().filter(i => i.name === name).reduce((a, i) => a + i.count, 0)
  const fail = (msg) => { throw new Error(msg) }

  function movements () {
    const m = new Movements(bot)
    m.canDig = true
    m.allowParkour = false
    m.allowSprinting = true
    m.scafoldingBlocks = [] // never spend the program's blocks on pillars/bridges behind its back
    m.blocksCantBreak.add(mcData.blocksByName.crafting_table.id)
    m.blocksCantBreak.add(mcData.blocksByName.furnace.id)
    m.blocksCantBreak.add(mcData.blocksByName.chest.id)
    return m
  }

  async function goto (goal, timeoutMs = 30000) {
    check()
    bot.pathfinder.setMovements(movements())
    let timer
    try {
      await Promise.race([
        bot.pathfinder.goto(goal),
        new Promise((_, rej) => { timer = setTimeout(() => rej(new Error('path took too long')), timeoutMs) })
      ])
    } finally {
      clearTimeout(timer)
      bot.pathfinder.setGoal(null)
    }
    check()
  }

  async function waitTicks (n) { for (let i = 0; i < n; i += 5) { check(); await bot.waitForTicks(Math.min(5, n - i)) } }

  async function equipFor (block) {
    const best = bot.pathfinder.bestHarvestTool(block)
    if (block.harvestTools) {
      const ok = (it) => it && block.harvestTools[it.type]
      const tool = ok(best) ? best : bot.inventory.items().find(ok)
      if (!tool) fail(`mineBlock: ${block.name} drops nothing without one of [${Object.keys(block.harvestTools).map(id => mcData.items[id].name).join(', ')}]; craft one first`)
      await bot.equip(tool, 'hand')
    } else if (best) await bot.equip(best, 'hand')
  }

  async function mineBlock (_bot, name, count = 1) {
    if (typeof name !== 'string') fail('mineBlock(bot, name, count): name must be a string such as "oak_log"')
    const block = mcData.blocksByName[name]
    if (!block) fail(`mineBlock: no block named ${name}`)
    count = Math.max(1, Math.floor(Number(count) || 1))
    let mined = 0; let tries = 0
    const skip = new Set()
    while (mined < count && tries < count * 3 + 5) {
      check(); tries++
      const positions = bot.findBlocks({ matching: block.id, maxDistance: 32, count: 64 }).filter(p => !skip.has(p.toString()))
      if (!positions.length) {
        if (mined === 0) fail(`mineBlock: no ${name} within 32 blocks; explore first (exploreUntil)`)
        break
      }
      const target = bot.blockAt(positions[0])
      await equipFor(target)
      try {
        await goto(new G.GoalLookAtBlock(target.position, bot.world, { reach: 4 }), 30000)
      } catch (e) {
        if (ctl.cancelled) throw e
        skip.add(target.position.toString()); continue
      }
      const cur = bot.blockAt(target.position)
      if (!cur || cur.type !== block.id) continue
      await equipFor(cur)
      if (!bot.canDigBlock(cur)) { skip.add(cur.position.toString()); continue }
      await bot.dig(cur, true)
      await waitTicks(4)
      // The server may refuse a dig (out of reach or sight from where the bot stood) and send the block
      // back: that block is not counted, and the next one is tried.
      const after = bot.blockAt(cur.position)
      if (after && after.type === block.id) { skip.add(cur.position.toString()); continue }
      mined++
    }
    if (mined < count) bot.chat(`mined ${mined} of ${count} ${name}`)
    return mined
  }

  function tableNear () { return bot.findBlock({ matching: mcData.blocksByName.crafting_table.id, maxDistance: 32 }) }

  async function craftItem (_bot, name, count = 1) {
    if (typeof name !== 'string') fail('craftItem(bot, name, count): name must be a string such as "stick"')
    const item = mcData.itemsByName[name]
    if (!item) fail(`craftItem: no item named ${name}`)
    count = Math.max(1, Math.floor(Number(count) || 1))
    const table = tableNear()
    if (table) await goto(new G.GoalLookAtBlock(table.position, bot.world, { reach: 4 }))
    const recipes = bot.recipesFor(item.id, null, 1, table || null)
    if (!recipes.length) {
      const any = bot.recipesAll(item.id, null, true)
      if (!any.length) fail(`craftItem: ${name} has no crafting recipe`)
      if (!table && !bot.recipesAll(item.id, null, null).length) fail(`craftItem: ${name} needs a crafting_table within 32 blocks; place one first`)
      const need = {}
      for (const d of any[0].delta) if (d.count < 0) need[mcData.items[d.id].name] = -d.count
      const have = Object.keys(need).map(n => `${n} ${itemCount(n)}/${need[n]}`).join(', ')
      fail(`craftItem: not enough materials for ${name} (have/need per craft: ${have})`)
    }
    const recipe = recipes[0]
    const max = Math.min(count, ...recipe.delta.filter(d => d.count < 0).map(d => Math.floor(itemCount(mcData.items[d.id].name) / -d.count)))
    if (max < count) bot.chat(`can only craft ${name} ${max} of ${count} times`)
    await bot.craft(recipe, Math.max(1, max), table || undefined)
    await waitTicks(2)
    return itemCount(name)
  }

  async function placeItem (_bot, name, position) {
    if (typeof name !== 'string') fail('placeItem(bot, name, position): name must be a string')
    if (!position || typeof position.x !== 'number') fail('placeItem: position must be a Vec3, e.g. bot.entity.position.offset(1, 0, 0)')
    const item = bot.inventory.items().find(i => i.name === name)
    if (!item) fail(`placeItem: no ${name} in inventory`)
    const pos = new Vec3(Math.floor(position.x), Math.floor(position.y), Math.floor(position.z))
    const faces = [[0, -1, 0], [0, 1, 0], [1, 0, 0], [-1, 0, 0], [0, 0, 1], [0, 0, -1]].map(f => new Vec3(...f))
    let refused = null
    for (const f of faces) {
      const ref = bot.blockAt(pos.plus(f))
      if (!ref || ['air', 'water', 'lava', 'short_grass', 'tall_grass'].includes(ref.name)) continue
      const here = bot.blockAt(pos)
      if (refused && here && here.name === name) return here.position // the refused-looking try landed late
      if (here && !['air', 'short_grass', 'tall_grass', 'water'].includes(here.name)) fail(`placeItem: ${pos} is occupied by ${here.name}`)
      await goto(new G.GoalPlaceBlock(pos, bot.world, { range: 4 }), 20000).catch(e => { if (ctl.cancelled) throw e })
      await bot.equip(item, 'hand')
      await bot.lookAt(pos.offset(0.5, 0.5, 0.5))
      try {
        await bot.placeBlock(ref, f.scaled(-1))
      } catch (e) {
        // mineflayer waits 5 s for the block's update; a placement the server refuses (reach, sight, the
        // bot in the way) never sends one: the next face is tried, as mineBlock tries the next block
        if (ctl.cancelled) throw e
        refused = e
      }
      await waitTicks(2)
      const placed = bot.blockAt(pos)
      if (placed && placed.name === name) return placed.position
      if (!refused) fail(`placeItem: placing ${name} at ${pos} failed`)
    }
    if (refused) {
      const late = bot.blockAt(pos)
      if (late && late.name === name) return late.position
      fail(`placeItem: the server took no ${name} at ${pos} from any side (${refused.message})`)
    }
    fail(`placeItem: no solid block next to ${pos} to place against`)
  }

  async function smeltItem (_bot, itemName, fuelName, count = 1) {
    const item = mcData.itemsByName[itemName]; const fuel = mcData.itemsByName[fuelName]
    if (!item) fail(`smeltItem: no item named ${itemName}`)
    if (!fuel) fail(`smeltItem: no fuel named ${fuelName}`)
    count = Math.max(1, Math.floor(Number(count) || 1))
    const fb = bot.findBlock({ matching: mcData.blocksByName.furnace.id, maxDistance: 32 })
    if (!fb) fail('smeltItem: no furnace nearby; craft one (8 cobblestone) and place it')
    if (itemCount(itemName) < count) fail(`smeltItem: need ${count} ${itemName}, have ${itemCount(itemName)}`)
    await goto(new G.GoalLookAtBlock(fb.position, bot.world, { reach: 4 }))
    const furnace = await bot.openFurnace(fb)
    try {
      const before = furnace.outputItem() ? furnace.outputItem().count : 0
      const perFuel = { coal: 8, charcoal: 8, coal_block: 80, lava_bucket: 100 }[fuelName] || 1.5
      const fuelNeeded = Math.ceil(count / perFuel)
      const haveFuel = furnace.fuelItem() ? furnace.fuelItem().count : 0
      if (fuelNeeded > haveFuel) {
        if (itemCount(fuelName) < fuelNeeded - haveFuel) fail(`smeltItem: need ${fuelNeeded - haveFuel} ${fuelName} as fuel, have ${itemCount(fuelName)}`)
        await furnace.putFuel(fuel.id, null, fuelNeeded - haveFuel)
      }
      await furnace.putInput(item.id, null, count)
      const deadline = Date.now() + count * 12000 + 5000
      while (Date.now() < deadline) {
        await waitTicks(10)
        const out = furnace.outputItem()
        if (out && out.count - before >= count) break
        if (!furnace.inputItem() && !(out && out.count > before)) fail(`smeltItem: ${itemName} cannot be smelted`)
      }
      const out = furnace.outputItem()
      if (!out) fail(`smeltItem: nothing came out of the furnace (is ${fuelName} a fuel?)`)
      await furnace.takeOutput()
      await waitTicks(2)
      return out.count
    } finally {
      furnace.close()
    }
  }

  async function killMob (_bot, mobName, timeout = 300) {
    const deadline = Date.now() + Math.min(Number(timeout) || 300, 600) * 1000
    const target = bot.nearestEntity(e => e.name === mobName && e.position.distanceTo(bot.entity.position) < 48)
    if (!target) fail(`killMob: no ${mobName} within 48 blocks; explore first`)
    const sword = bot.inventory.items().find(i => i.name.endsWith('_sword'))
    if (sword) await bot.equip(sword, 'hand')
    while (bot.entities[target.id] && target.isValid !== false) {
      check()
      if (Date.now() > deadline) fail(`killMob: could not kill ${mobName} in ${timeout} s`)
      if (target.position.distanceTo(bot.entity.position) > 3) {
        await goto(new G.GoalNear(target.position.x, target.position.y, target.position.z, 2), 20000).catch(e => { if (ctl.cancelled) throw e })
      }
      await bot.lookAt(target.position.offset(0, 0.8, 0))
      bot.attack(target)
      await waitTicks(10)
    }
    await waitTicks(2)
    return true
  }

  async function exploreUntil (_bot, direction, maxTime = 60, callback = () => false) {
    if (!direction || typeof direction.x !== 'number') fail('exploreUntil: direction must be a Vec3 such as new Vec3(1, 0, 0)')
    const d = new Vec3(Math.sign(direction.x), 0, Math.sign(direction.z))
    if (d.x === 0 && d.z === 0) fail('exploreUntil: direction needs a non-zero x or z')
    const deadline = Date.now() + Math.min(Number(maxTime) || 60, 1200) * 1000
    while (Date.now() < deadline) {
      const r = await callback()
      if (r) return r
      const p = bot.entity.position
      await goto(new G.GoalXZ(p.x + d.x * 16, p.z + d.z * 16), 15000).catch(e => { if (ctl.cancelled) throw e })
    }
    const r = await callback()
    return r || null
  }

  async function openChestAt (pos) {
    if (!pos || typeof pos.x !== 'number') fail('chest position must be a Vec3')
    const block = bot.blockAt(new Vec3(Math.floor(pos.x), Math.floor(pos.y), Math.floor(pos.z)))
    if (!block || block.name !== 'chest') fail(`no chest at ${pos}`)
    await goto(new G.GoalLookAtBlock(block.position, bot.world, { reach: 4 }))
    return { chest: await bot.openContainer(block), block }
  }
  function remember (block, chest) {
    const items = {}
    for (const it of chest.containerItems()) items[it.name] = (items[it.name] || 0) + it.count
    ctl.chests[block.position.toString()] = items
  }

  async function getItemFromChest (_bot, chestPosition, itemsToGet) {
    const { chest, block } = await openChestAt(chestPosition)
    try {
      for (const [name, n] of Object.entries(itemsToGet || {})) {
        const it = mcData.itemsByName[name]
        if (!it) fail(`getItemFromChest: no item named ${name}`)
        const have = chest.containerItems().filter(i => i.name === name).reduce((a, i) => a + i.count, 0)
        if (!have) { bot.chat(`no ${name} in chest`); continue }
        await chest.withdraw(it.id, null, Math.min(n, have))
      }
      remember(block, chest)
    } finally { chest.close() }
    await waitTicks(2)
  }

  async function depositItemIntoChest (_bot, chestPosition, itemsToDeposit) {
    const { chest, block } = await openChestAt(chestPosition)
    try {
      for (const [name, n] of Object.entries(itemsToDeposit || {})) {
        const it = mcData.itemsByName[name]
        if (!it) fail(`depositItemIntoChest: no item named ${name}`)
        const have = itemCount(name)
        if (!have) { bot.chat(`no ${name} in inventory`); continue }
        await chest.deposit(it.id, null, Math.min(n, have))
      }
      remember(block, chest)
    } finally { chest.close() }
    await waitTicks(2)
  }

  async function checkItemInsideChest (_bot, chestPosition) {
    const { chest, block } = await openChestAt(chestPosition)
    try { remember(block, chest) } finally { chest.close() }
    return ctl.chests[block.position.toString()]
  }

  return { mineBlock, craftItem, placeItem, smeltItem, killMob, exploreUntil, getItemFromChest, depositItemIntoChest, checkItemInsideChest, _goto: goto }
}

module.exports = { createPrimitives }
