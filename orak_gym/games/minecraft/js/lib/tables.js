'use strict'
// Hand-written smelting and fuel tables (minecraft-data has neither). Values are vanilla 1.20.
const SMELTING = {
  raw_iron: 'iron_ingot', iron_ore: 'iron_ingot', deepslate_iron_ore: 'iron_ingot',
  raw_gold: 'gold_ingot', gold_ore: 'gold_ingot', deepslate_gold_ore: 'gold_ingot',
  raw_copper: 'copper_ingot', copper_ore: 'copper_ingot',
  cobblestone: 'stone', stone: 'smooth_stone', sand: 'glass', clay_ball: 'brick',
  oak_log: 'charcoal', birch_log: 'charcoal', spruce_log: 'charcoal', jungle_log: 'charcoal',
  acacia_log: 'charcoal', dark_oak_log: 'charcoal', mangrove_log: 'charcoal', cherry_log: 'charcoal',
  beef: 'cooked_beef', porkchop: 'cooked_porkchop', chicken: 'cooked_chicken', mutton: 'cooked_mutton',
  potato: 'baked_potato', cod: 'cooked_cod', salmon: 'cooked_salmon', kelp: 'dried_kelp',
  coal_ore: 'coal', diamond_ore: 'diamond', lapis_ore: 'lapis_lazuli', redstone_ore: 'redstone'
}
// Vanilla 1.20's furnace fuels (AbstractFurnaceBlockEntity.getFuel), burn time in ticks. A furnace's fuel slot
// takes only these (and an empty bucket, which a lava bucket leaves behind).
const FUEL = {
  lava_bucket: 20000, coal_block: 16000, dried_kelp_block: 4001, blaze_rod: 2400, coal: 1600, charcoal: 1600,
  bamboo_block: 300, stripped_bamboo_block: 300, bamboo_mosaic: 300, bamboo_mosaic_stairs: 300, bamboo_mosaic_slab: 150,
  bamboo_raft: 1200, bamboo_chest_raft: 1200, bamboo: 50, scaffolding: 50,
  note_block: 300, bookshelf: 300, chiseled_bookshelf: 300, lectern: 300, jukebox: 300, chest: 300, trapped_chest: 300,
  crafting_table: 300, daylight_detector: 300, bow: 300, crossbow: 300, fishing_rod: 300, ladder: 300,
  composter: 300, barrel: 300, cartography_table: 300, fletching_table: 300, smithing_table: 300, loom: 300,
  mangrove_roots: 300, stick: 100, bowl: 100, dead_bush: 100, azalea: 100, flowering_azalea: 100, mangrove_propagule: 100
}
// crimson and warped wood never burn
for (const w of ['oak', 'spruce', 'birch', 'jungle', 'acacia', 'dark_oak', 'mangrove', 'cherry', 'bamboo']) {
  for (const [kind, ticks] of [['planks', 300], ['stairs', 300], ['slab', 150], ['trapdoor', 300], ['pressure_plate', 300],
    ['fence', 300], ['fence_gate', 300], ['sign', 200], ['hanging_sign', 800], ['door', 200], ['button', 100]]) {
    FUEL[`${w}_${kind}`] = ticks
  }
  if (w === 'bamboo') continue
  for (const kind of ['log', 'wood']) { FUEL[`${w}_${kind}`] = 300; FUEL[`stripped_${w}_${kind}`] = 300 }
  FUEL[`${w}_boat`] = 1200; FUEL[`${w}_chest_boat`] = 1200
  if (w !== 'mangrove') FUEL[`${w}_sapling`] = 100
}
for (const t of ['pickaxe', 'axe', 'shovel', 'hoe', 'sword']) FUEL[`wooden_${t}`] = 200
for (const c of ['white', 'orange', 'magenta', 'light_blue', 'yellow', 'lime', 'pink', 'gray', 'light_gray', 'cyan',
  'purple', 'blue', 'brown', 'green', 'red', 'black']) {
  FUEL[`${c}_wool`] = 100; FUEL[`${c}_carpet`] = 67; FUEL[`${c}_banner`] = 300
}

module.exports = { SMELTING, FUEL }
