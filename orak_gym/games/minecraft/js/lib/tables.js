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
const FUEL = { coal: 1600, charcoal: 1600, coal_block: 16000, lava_bucket: 20000, blaze_rod: 2400, stick: 100 }
for (const w of ['oak', 'birch', 'spruce', 'jungle', 'acacia', 'dark_oak', 'mangrove', 'cherry']) {
  FUEL[`${w}_log`] = 300; FUEL[`${w}_planks`] = 300; FUEL[`${w}_slab`] = 150; FUEL[`${w}_sapling`] = 100
}
for (const t of ['pickaxe', 'axe', 'shovel', 'hoe', 'sword']) FUEL[`wooden_${t}`] = 200
FUEL.crafting_table = 300
FUEL.chest = 300

module.exports = { SMELTING, FUEL }
