'use strict'
// The command line that starts a process inside the program runner's confinement: confine.py (the
// operating-system layers, see its docstring) executing node under Node's permission model, which
// may read below js/ only and may not write files, start child processes or workers, or load addons.
// driver.js starts runner.js this way; the tests start other host code this way, to show what an
// escaped program could do from inside.
const path = require('path')

const JS_DIR = path.join(__dirname, '..')
const CONFINE = path.join(JS_DIR, '..', 'confine.py')
const HEAP_MB = 1024

// What a node process this package starts may inherit: never the caller's API keys or tokens.
const KEPT_ENVIRONMENT = ['PATH', 'LANG', 'LC_ALL', 'TZ']

/** The environment of a child node process: KEPT_ENVIRONMENT only (confine.py keeps no more either). */
function childEnvironment () {
  const env = {}
  for (const k of KEPT_ENVIRONMENT) if (process.env[k] !== undefined) env[k] = process.env[k]
  return env
}

/**
 * @param {{connect?: string, isolation?: string, python?: string, env?: string[], read?: string[]}} opts
 *   connect: "host:port" made fd 3; env: variable names passed through besides KEPT_ENVIRONMENT;
 *   read: folders besides js/ the command may read (a test's stand-in runner)
 * @param {string[]} nodeArgs what node runs (a script and its arguments)
 * @returns {string[]} argv, starting with the Python executable
 */
function confinedCommand (opts, nodeArgs) {
  const python = opts.python || process.env.ORAK_PYTHON || 'python3'
  const read = [JS_DIR, ...(opts.read || [])]
  const launcher = ['-I', '-S', CONFINE, ...read.flatMap((p) => ['--read', p])]
  for (const name of opts.env || []) launcher.push('--env', name)
  if (opts.connect) launcher.push('--connect', opts.connect)
  if (opts.isolation === 'best_effort') launcher.push('--best-effort')
  const node = [process.execPath, '--experimental-permission', ...read.map((p) => `--allow-fs-read=${p}`), `--max-old-space-size=${HEAP_MB}`, '--no-warnings']
  return [python, ...launcher, '--', ...node, ...nodeArgs]
}

module.exports = { confinedCommand, childEnvironment, JS_DIR, CONFINE }
