// Host-level code as a program that escaped the JavaScript sandbox would run it: every module,
// plain Node. tests/games/minecraft/test_minecraft_sandbox.py starts it inside the runner's confinement; each
// attempt must come back 'denied'.
const out = {}
const tryIt = (k, f) => { try { out[k] = 'ALLOWED ' + String(f()).slice(0, 80) } catch (e) { out[k] = 'denied ' + (e.code || e.message) } }
tryIt('uid', () => process.getuid())
tryIt('write', () => require('fs').writeFileSync(process.env.CANARY || '/tmp/orak-canary', 'x'))
tryIt('writeTmp', () => require('fs').writeFileSync('/tmp/orak-canary-' + process.pid, 'x'))
tryIt('spawn', () => require('child_process').execFileSync('/bin/sh', ['-c', 'echo spawned']).toString())
tryIt('spawnNoPipes', () => { const r = require('child_process').spawnSync('/bin/true', { stdio: 'ignore' }); if (r.error) throw r.error; return r.status })
tryIt('detached', () => require('child_process').spawn('/bin/sleep', ['30'], { detached: true, stdio: 'ignore' }).pid)
tryIt('worker', () => new (require('worker_threads').Worker)('1', { eval: true }))
tryIt('binding', () => process.binding('spawn_sync'))
tryIt('readRoot', () => require('fs').readdirSync('/root').length)
const net = require('net'), dgram = require('dgram')
const conn = (k, port, host) => new Promise((resolve) => {
  try {
    const s = net.connect(port, host)
    const t = setTimeout(() => { out[k] = 'denied (timeout)'; s.destroy(); resolve() }, 3000)
    s.on('connect', () => { clearTimeout(t); out[k] = 'ALLOWED'; s.destroy(); resolve() })
    s.on('error', (e) => { clearTimeout(t); out[k] = 'denied ' + e.code; resolve() })
  } catch (e) { out[k] = 'denied ' + (e.code || e.message); resolve() }
})
const udp = () => new Promise((resolve) => {
  try {
    const s = dgram.createSocket('udp4')
    s.on('error', (e) => { out.udp = 'denied ' + e.code; resolve() })
    s.send('x', Number(process.env.PORT), '127.0.0.1', (e) => { out.udp = e ? 'denied ' + e.code : 'ALLOWED'; try { s.close() } catch (_) {} ; resolve() })
  } catch (e) { out.udp = 'denied ' + (e.code || e.message); resolve() }
})
;(async () => {
  await conn('loopback', Number(process.env.PORT), '127.0.0.1')
  await conn('outside', 53, '1.1.1.1')
  await udp()
  if (process.env.FD3) {
    const s = new net.Socket({ fd: 3, readable: true, writable: true })
    out.fd3 = await new Promise((resolve) => { s.once('data', (d) => resolve('read ' + d.toString())); s.write('ping') })
    s.destroy()
  }
  console.log(JSON.stringify(out))
})()
