'use strict'
// Runs LLM-written JavaScript against the bot in a Node `vm` context.
//
// The context sees only: bot, the primitives, mcData, Vec3, pathfinder goals, a console that records
// lines, and named skills. No require/process/timers/host globals; code generation from strings is
// off inside the context; every host object goes through the membrane (lib/membrane.js). Every loop
// body and function body is instrumented with a deadline check (acorn), and the synchronous part runs
// under vm's own timeout, so `while(true){}` is stopped both before and after an `await`.
const vm = require('vm')
const acorn = require('acorn')
const { Vec3 } = require('vec3')
const { goals } = require('mineflayer-pathfinder')
const { createMembrane } = require('./membrane')

const LOOPS = new Set(['WhileStatement', 'DoWhileStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement'])
const FUNCS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression'])

/** Insert `__guard();` at the start of every loop and function body. Throws SyntaxError on bad code. */
function instrument (code, runId = 0) {
  const ast = acorn.parse(code, { ecmaVersion: 2022, sourceType: 'script', allowAwaitOutsideFunction: true, allowReturnOutsideFunction: true })
  const edits = [] // [pos, text]
  const g = `__guard(${runId});` // the run id lets a stale program from an earlier run stop itself
  const visit = (node) => {
    if (!node || typeof node.type !== 'string') return
    if (LOOPS.has(node.type)) {
      const b = node.body
      if (b.type === 'BlockStatement') edits.push([b.start + 1, g])
      else { edits.push([b.start, '{' + g]); edits.push([b.end, '}']) }
    }
    if (FUNCS.has(node.type) && node.body.type === 'BlockStatement') edits.push([node.body.start + 1, g])
    for (const k of Object.keys(node)) {
      const v = node[k]
      if (Array.isArray(v)) v.forEach(visit)
      else if (v && typeof v.type === 'string') visit(v)
    }
  }
  visit(ast)
  edits.sort((a, b) => b[0] - a[0])
  let out = code
  for (const [pos, text] of edits) out = out.slice(0, pos) + text + out.slice(pos)
  const fns = ast.body.filter(n => n.type === 'FunctionDeclaration').map(n => n.id.name)
  // declarations only (functions, consts, classes) -> call the last function; any statement -> run as a script
  const DECL = new Set(['FunctionDeclaration', 'VariableDeclaration', 'ClassDeclaration', 'EmptyStatement'])
  const others = ast.body.filter(n => !DECL.has(n.type))
  return { code: out, functions: fns, hasStatements: others.length > 0 }
}

function createSandbox ({ bot, primitives, mcData, ctl }) {
  const state = { deadline: Infinity, cancelled: false, timeoutMs: 0, runId: 0 }
  const lines = []
  const defined = new Set()
  let skillsDefined = false // defineSkills() already started this run's id
  const ctx = vm.createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false }, name: 'orak-sandbox' })
  const SandboxError = vm.runInContext('Error', ctx)
  const guard = (runId) => {
    if (runId !== undefined && runId !== state.runId) throw new SandboxError('program stopped: a newer program is running')
    if (state.cancelled || Date.now() > state.deadline) {
      state.cancelled = true
      throw new SandboxError(`program stopped: it exceeded the ${state.timeoutMs / 1000} s time limit`)
    }
  }
  const mem = createMembrane({ SandboxError, guard })
  const fmt = (a) => typeof a === 'string' ? a : (() => { try { return JSON.stringify(a) } catch (e) { return String(a) } })()
  const globals = {
    bot: mem.wrap(bot),
    mcData: mem.wrap(mcData),
    Vec3: mem.wrap(Vec3),
    goals: mem.wrap(goals),
    __guard: guard,
    console: mem.wrap({ log: (...a) => { if (lines.length < 200) lines.push(a.map(fmt).join(' ').slice(0, 500)) } })
  }
  for (const [name, fn] of Object.entries(primitives)) if (!name.startsWith('_')) globals[name] = mem.wrap(fn)
  for (const [k, v] of Object.entries(goals)) if (k.startsWith('Goal')) globals[k] = mem.wrap(v)
  for (const [k, v] of Object.entries(globals)) Object.defineProperty(ctx, k, { value: v, writable: false, configurable: false, enumerable: false })
  vm.runInContext('delete globalThis.eval; delete globalThis.WebAssembly; delete globalThis.SharedArrayBuffer; delete globalThis.Atomics;', ctx)

  /** Define named skills (source of async functions) so programs can call them. Returns errors per skill. */
  function defineSkills (skills) {
    const errors = {}
    state.runId++
    for (const old of defined) if (!(old in (skills || {}))) vm.runInContext(`delete globalThis[${JSON.stringify(old)}]`, ctx)
    defined.clear()
    for (const [name, src] of Object.entries(skills || {})) {
      try {
        const ins = instrument(String(src), state.runId)
        if (name in globals || !/^[A-Za-z_$][\w$]*$/.test(name)) throw new TypeError(`skill name ${name} is not a free identifier`)
        const fn = ins.functions.includes(name) ? name : ins.functions[ins.functions.length - 1]
        if (!fn) throw new SyntaxError('a skill must declare a function')
        vm.runInContext(`globalThis[${JSON.stringify(name)}] = (() => {\n${ins.code}\n;return ${fn};\n})();`, ctx, { timeout: 1000 })
        defined.add(name)
      } catch (e) {
        errors[name] = `${e.name}: ${e.message}`
      }
    }
    skillsDefined = true
    return errors
  }

  /** Run one program. Resolves to {ok, error, errorType, output}. Never rejects. */
  async function run (code, timeoutMs) {
    lines.length = 0
    if (!skillsDefined) state.runId++
    skillsDefined = false
    state.cancelled = false; state.timeoutMs = timeoutMs; state.deadline = Date.now() + timeoutMs
    ctl.cancelled = false
    let ins
    try {
      ins = instrument(String(code), state.runId)
    } catch (e) {
      return { ok: false, errorType: 'SyntaxError', error: `SyntaxError: ${e.message}`, output: [] }
    }
    const entry = ins.hasStatements || !ins.functions.length ? null : ins.functions[ins.functions.length - 1]
    const src = entry
      ? `(async () => { ${ins.code}\n; return await ${entry}(bot); })()`
      : `(async () => { ${ins.code}\n })()`
    let timer
    try {
      const p = vm.runInContext(src, ctx, { timeout: Math.max(1, state.deadline - Date.now()), filename: 'program.js' })
      const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve('__timeout__'), Math.max(0, state.deadline - Date.now())) })
      const r = await Promise.race([p, timeout])
      if (r === '__timeout__') throw new SandboxError(`program stopped: it exceeded the ${timeoutMs / 1000} s time limit`)
      return { ok: true, output: [...lines] }
    } catch (e) {
      const timedOut = state.cancelled || /timed out|time limit/.test(String(e && e.message)) || Date.now() > state.deadline
      state.cancelled = true
      ctl.cancelled = true
      const name = (e && e.name) || 'Error'
      const msg = e && e.message !== undefined ? e.message : String(e)
      return { ok: false, errorType: timedOut ? 'Timeout' : name, error: timedOut ? `Timeout: program stopped after exceeding the ${timeoutMs / 1000} s limit` : `${name}: ${msg}`, output: [...lines] }
    } finally {
      clearTimeout(timer)
      state.cancelled = true // a stale program that resumes later stops at its next call
    }
  }
  return { run, defineSkills, state }
}

module.exports = { createSandbox, instrument }
