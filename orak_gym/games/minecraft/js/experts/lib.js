// Expert helpers, written only against the sandbox API an LLM gets (primitives, bot, mcData, Vec3).
// Each stage is idempotent: it checks the inventory first, so a retried stage does not redo work.
function count(bot, name) {
  return bot.inventory.items().filter((i) => i.name === name).reduce((a, i) => a + i.count, 0);
}
async function need(bot, name, n, make) {
  let guard = 0;
  while (count(bot, name) < n && guard++ < 6) await make(n - count(bot, name));
  if (count(bot, name) < n) throw new Error(`expert: could not get ${n} ${name} (have ${count(bot, name)})`);
}
function near(bot, name, dist = 24) {
  return bot.findBlock({ matching: mcData.blocksByName[name].id, maxDistance: dist });
}
async function placeNear(bot, name) {
  const p = bot.entity.position.floored();
  const offsets = [[2, 0], [-2, 0], [0, 2], [0, -2], [2, 2], [-2, -2], [2, -2], [-2, 2], [3, 0], [0, 3]];
  for (const [dx, dz] of offsets) {
    for (const dy of [0, 1, -1]) {
      const pos = p.offset(dx, dy, dz);
      const here = bot.blockAt(pos), below = bot.blockAt(pos.offset(0, -1, 0)), above = bot.blockAt(pos.offset(0, 1, 0));
      if (!here || !below || !above) continue;
      if (!['air', 'short_grass', 'tall_grass'].includes(here.name)) continue;
      if (['air', 'water', 'lava', 'short_grass', 'tall_grass', 'oak_leaves'].includes(below.name)) continue;
      try { return await placeItem(bot, name, pos); } catch (e) { console.log(`place ${name} at ${pos}: ${e.message}`); }
    }
  }
  throw new Error(`expert: found no spot to place ${name}`);
}
async function logs(bot, n) { await need(bot, "oak_log", n, (k) => mineBlock(bot, "oak_log", k)); }
async function planks(bot, n) {
  await need(bot, "oak_planks", n, async (k) => {
    const crafts = Math.ceil(k / 4);
    if (count(bot, "oak_log") < crafts) await logs(bot, crafts);
    await craftItem(bot, "oak_planks", crafts);
  });
}
async function sticks(bot, n) {
  await need(bot, "stick", n, async (k) => { await planks(bot, 2 * Math.ceil(k / 4)); await craftItem(bot, "stick", Math.ceil(k / 4)); });
}
async function table(bot) {
  if (near(bot, "crafting_table")) return;
  await need(bot, "crafting_table", 1, async () => { await planks(bot, 4); await craftItem(bot, "crafting_table", 1); });
  await placeNear(bot, "crafting_table");
}
async function furnace(bot) {
  if (near(bot, "furnace")) return;
  await need(bot, "furnace", 1, async () => { await cobble(bot, 8); await table(bot); await craftItem(bot, "furnace", 1); });
  await placeNear(bot, "furnace");
}
async function tool(bot, name, material, materialCount) {
  if (count(bot, name) > 0) return;
  await sticks(bot, 2);
  await need(bot, material, materialCount, async () => { throw new Error(`expert: need ${materialCount} ${material} for ${name}`); });
  await table(bot);
  await craftItem(bot, name, 1);
}
async function woodenPickaxe(bot) {
  if (["wooden_pickaxe", "stone_pickaxe", "iron_pickaxe", "diamond_pickaxe"].some((t) => count(bot, t) > 0)) return;
  await logs(bot, 3);
  await table(bot);
  await sticks(bot, 2);
  await planks(bot, 3);
  await tool(bot, "wooden_pickaxe", "oak_planks", 3);
}
async function cobble(bot, n) { await need(bot, "cobblestone", n, (k) => mineBlock(bot, "stone", k)); }
async function stonePickaxe(bot) {
  if (["stone_pickaxe", "iron_pickaxe", "diamond_pickaxe"].some((t) => count(bot, t) > 0)) return;
  await woodenPickaxe(bot);
  await cobble(bot, 3);
  await tool(bot, "stone_pickaxe", "cobblestone", 3);
}
async function ingots(bot, metal, n) {
  const ingot = `${metal}_ingot`, raw = `raw_${metal}`;
  if (count(bot, ingot) >= n) return;
  const k = n - count(bot, ingot);
  await need(bot, raw, k, (m) => mineBlock(bot, `${metal}_ore`, m));
  await need(bot, "coal", 1, (m) => mineBlock(bot, "coal_ore", m));
  await furnace(bot);
  await smeltItem(bot, raw, "coal", k);
}
async function ironPickaxe(bot) {
  if (["iron_pickaxe", "diamond_pickaxe"].some((t) => count(bot, t) > 0)) return;
  await stonePickaxe(bot);
  await ingots(bot, "iron", 3);
  await tool(bot, "iron_pickaxe", "iron_ingot", 3);
}
async function diamonds(bot, n) { await need(bot, "diamond", n, (k) => mineBlock(bot, "diamond_ore", k)); }
async function diamondPickaxe(bot) {
  if (count(bot, "diamond_pickaxe") > 0) return;
  await ironPickaxe(bot);
  await diamonds(bot, 3);
  await tool(bot, "diamond_pickaxe", "diamond", 3);
}
async function obsidian(bot, n) { await need(bot, "obsidian", n, (k) => mineBlock(bot, "obsidian", k)); }
async function book(bot) {
  if (count(bot, "book") > 0) return;
  await need(bot, "sugar_cane", 3, (k) => mineBlock(bot, "sugar_cane", k));
  await table(bot);
  await need(bot, "paper", 3, () => craftItem(bot, "paper", 1));
  await need(bot, "leather", 1, () => killMob(bot, "cow", 60));
  await craftItem(bot, "book", 1);
}
async function flintAndSteel(bot) {
  if (count(bot, "flint_and_steel") > 0) return;
  await ingots(bot, "iron", 1);
  await need(bot, "flint", 1, async () => { for (let i = 0; i < 40 && count(bot, "flint") < 1; i++) await mineBlock(bot, "gravel", 1); });
  await craftItem(bot, "flint_and_steel", 1);
}
const PORTAL = [
  ["obsidian", 0, 0], ["obsidian", 1, 0], ["dirt", -1, 0], ["dirt", 2, 0],
  ["obsidian", -1, 1], ["obsidian", -1, 2], ["obsidian", -1, 3], ["obsidian", 2, 1], ["obsidian", 2, 2], ["obsidian", 2, 3],
  ["dirt", -1, 4], ["dirt", 2, 4], ["obsidian", 0, 4], ["obsidian", 1, 4],
];
// A spot for the frame, searched from the spawn point so that a retried stage finds the same (partly built) frame.
function portalSpot(bot) {
  const s = (bot.spawnPoint || bot.entity.position).floored();
  const is = (v, names) => { const b = bot.blockAt(v); return b && names.includes(b.name); };
  const free = ["air", "short_grass", "tall_grass"];
  const solid = (v) => { const b = bot.blockAt(v); return b && b.boundingBox === "block" && !["oak_leaves", "crafting_table", "furnace", "chest"].includes(b.name); };
  for (let r = 3; r < 14; r++) {
    for (let dx = -r; dx <= r; dx++) {
      for (const dz of [-r, r]) {
        for (let dy = -3; dy <= 3; dy++) {
          const o = s.offset(dx, dy, dz);
          let ok = [-1, 0, 1, 2].every((i) => solid(o.offset(i, -1, 0)));
          ok = ok && PORTAL.every(([name, x, y]) => is(o.offset(x, y, 0), [...free, name]));
          for (let x = 0; x <= 1 && ok; x++) for (let y = 1; y <= 3 && ok; y++) ok = is(o.offset(x, y, 0), free);
          for (let x = -1; x <= 2 && ok; x++) for (let y = 0; y <= 4 && ok; y++) ok = is(o.offset(x, y, -1), free) && is(o.offset(x, y, 1), free);
          ok = ok && solid(o.offset(0, -1, -2)) && is(o.offset(0, 0, -2), free) && is(o.offset(0, 1, -2), free); // where the bot stands
          if (ok) return o;
        }
      }
    }
  }
  throw new Error("expert: no flat 4x5 spot for the portal near the spawn point");
}
async function portal(bot) {
  await need(bot, "dirt", 4, (k) => mineBlock(bot, "dirt", k)); // before choosing the spot: mining digs holes
  const o = portalSpot(bot);
  const todo = (name) => PORTAL.filter(([n, x, y]) => n === name && bot.blockAt(o.offset(x, y, 0)).name !== name).length;
  if (count(bot, "obsidian") < todo("obsidian")) throw new Error(`expert: need ${todo("obsidian")} obsidian for the frame`);
  // build from one spot in front of the frame, never from inside it
  await bot.pathfinder.goto(new GoalBlock(o.x, o.y, o.z - 2));
  for (const [name, dx, dy] of PORTAL) {
    const pos = o.offset(dx, dy, 0);
    if (bot.blockAt(pos).name === name) continue;
    try {
      // from the same spot every time (placeItem's own path-finding may climb onto the frame)
      await bot.pathfinder.goto(new GoalBlock(o.x, o.y, o.z - 2));
      const ref = [[0, -1, 0], [-1, 0, 0], [1, 0, 0]].map(([x, y, z]) => bot.blockAt(pos.offset(x, y, z)))
        .find((b) => b && b.boundingBox === "block");
      await bot.equip(bot.inventory.items().find((i) => i.name === name), "hand");
      await bot.placeBlock(ref, pos.minus(ref.position));
      console.log(`placed ${name} at ${pos} from ${bot.entity.position.floored()}`);
    } catch (e) {
      console.log(`portal at ${o}: placing ${name} at ${pos} from ${bot.entity.position.floored()} failed`);
      throw e;
    }
  }
  const fs = bot.inventory.items().find((i) => i.name === "flint_and_steel");
  await bot.pathfinder.goto(new GoalBlock(o.x, o.y, o.z - 2));
  await bot.equip(fs, "hand");
  await bot.lookAt(o.offset(0.5, 1, 0.5));
  await bot.activateBlock(bot.blockAt(o), new Vec3(0, 1, 0));
  await bot.waitForTicks(10);
  if (!near(bot, "nether_portal", 16)) throw new Error("expert: the portal did not light");
}
