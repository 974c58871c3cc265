'use strict'
// What the driver keeps of a program runner's answer. The runner runs model code, so its host realm is
// treated as the model's: whatever it writes, the driver passes on only fields it rebuilt itself, of the
// documented types and sizes (the Python env caps them again). Nothing here throws on any JSON value.
const MAX_TEXT = 500 // characters of one console or chat line, or of a name
const MAX_LINES = 200 // console lines, and chat messages, per program
const MAX_ERROR = 2000 // characters of an error message
const MAX_SKILLS = 256 // skill errors per program
const MAX_DEPTH = 8 // nesting of an observation or a map
const MAX_ITEMS = 20000 // values in one observation or map (a 65 x 65 map holds ~8,500)

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)
const text = (v, n) => typeof v === 'string' ? v.slice(0, n) : ''
const texts = (v) => Array.isArray(v) ? v.slice(0, MAX_LINES).filter((x) => typeof x === 'string').map((x) => x.slice(0, MAX_TEXT)) : []

/** The reply to `run`: {ok, errorType?, error?, output, chat, skillErrors}, each field checked. */
function checkedRun (reply) {
  const r = isObject(reply) ? reply : {}
  const skillErrors = {}
  if (isObject(r.skillErrors)) {
    for (const k of Object.keys(r.skillErrors).slice(0, MAX_SKILLS)) {
      if (typeof r.skillErrors[k] === 'string') skillErrors[k.slice(0, 100)] = r.skillErrors[k].slice(0, MAX_ERROR)
    }
  }
  const out = { ok: r.ok === true, output: texts(r.output), chat: texts(r.chat), skillErrors }
  if (!out.ok) {
    out.errorType = text(r.errorType, 100) || 'Error'
    out.error = text(r.error, MAX_ERROR) || 'the program failed without saying why'
  }
  return out
}

/** Any other answer (an observation, a map): JSON values only, bounded in depth, count and length. */
function checkedValue (value, depth = 0, budget = { n: 0 }) {
  if (++budget.n > MAX_ITEMS) return null
  if (typeof value === 'string') return value.slice(0, MAX_TEXT)
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'boolean' || value === null) return value
  if (typeof value !== 'object' || depth >= MAX_DEPTH) return null
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((v) => checkedValue(v, depth + 1, budget))
  const out = {}
  for (const k of Object.keys(value).slice(0, MAX_ITEMS)) {
    if (k === '__proto__') continue
    out[k.slice(0, MAX_TEXT)] = checkedValue(value[k], depth + 1, budget)
  }
  return out
}

module.exports = { checkedRun, checkedValue }
