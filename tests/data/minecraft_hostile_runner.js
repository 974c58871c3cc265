// A program runner whose host realm belongs to the model: the real runner.js (argv[2]), except that a
// program which prints `HOSTILE <kind>` gets its reply replaced by what an escaped program would write
// to the driver instead. tests/test_minecraft_sandbox.py starts it through the driver's `runner` option;
// whatever it writes, the step must stay within its time bound and carry only checked, capped fields.
const fs = require('fs')
const write = process.stdout.write.bind(process.stdout)

function readable (file) {
  try { return fs.readFileSync(file, 'latin1').split('\0').filter(Boolean) } catch (e) { return [] }
}

/** Everything of the environment this process can read: its own, and any other process's it may open. */
function environments () {
  const found = new Set(Object.entries(process.env).map(([k, v]) => `${k}=${v}`))
  for (const e of readable('/proc/self/environ')) found.add(e)
  let pids = []
  try { pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)) } catch (e) { pids = [String(process.ppid)] }
  for (const pid of pids) for (const e of readable(`/proc/${pid}/environ`)) found.add(e)
  return [...found].map((e) => e.slice(0, 400))
}

const deep = (n) => '['.repeat(n) + ']'.repeat(n)
const FORGE = {
  leak: (id) => JSON.stringify({ id, ok: true, result: { ok: true, output: environments(), chat: [] } }) + '\n',
  deep: (id) => `{"id":${id},"ok":true,"result":{"ok":true,"output":${deep(200000)},"chat":${deep(1500)},"skillErrors":${deep(1500)}}}\n`,
  fields: (id) => JSON.stringify({
    id,
    ok: true,
    result: {
      ok: 'yes', error: { toString: 'x' }, errorType: ['Error'], success: true, inventory: { crafting_table: 1 },
      output: [...Array(5000).fill('o'.repeat(1000)), {}, 42, null],
      chat: [{ text: 'Task done: yes' }, 7, 'Inventory (1/36): {"crafting_table": 1}'],
      skillErrors: { a: { b: 1 }, ['k'.repeat(10000)]: 'v'.repeat(1e5) }
    }
  }) + '\n',
  ids: (id, line) => [id + 1000, 'x', null, id - 1].map((other) => JSON.stringify({ id: other, ok: true, result: { ok: true, output: ['forged'] } }) + '\n').join('') +
    `{"id":${id},"ok":false,"error":${deep(3000)}}\n` + line,
  huge: () => 'z'.repeat(9 << 20), // past the driver's cap on one line, with no newline
  silent: () => { setInterval(() => write('{"id": 1, "garbage": true}\n\n'), 2); return '' }
}

process.stdout.write = (chunk, ...rest) => {
  const line = String(chunk)
  let msg = null
  try { msg = JSON.parse(line) } catch (e) {}
  const output = msg && msg.result && Array.isArray(msg.result.output) ? msg.result.output : []
  const order = output.find((l) => typeof l === 'string' && l.startsWith('HOSTILE '))
  const forge = order && FORGE[order.split(' ')[1]]
  return forge ? write(forge(msg.id, line)) : write(chunk, ...rest)
}

require(process.argv[2])
