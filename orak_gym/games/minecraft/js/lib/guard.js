'use strict'
// One way for the server's rule plugins to refuse a client packet: a check that runs before every
// listener flying-squid registered for that packet, so a refused packet never reaches them.

/**
 * @param {object} player a flying-squid player (call on 'newPlayer', after flying-squid's own listeners)
 * @param {string} packet the packet name
 * @param {(pkt: object) => string|null} check why the packet is refused, or null to let it through
 * @param {(pkt: object, why: string) => void} refuse what the client is told instead
 */
function guard (player, packet, check, refuse) {
  const listeners = player._client.listeners(packet)
  player._client.removeAllListeners(packet)
  player._client.on(packet, (pkt) => {
    let why
    try { why = check(pkt || {}) } catch (e) { why = 'not a valid target' }
    if (why) return refuse(pkt || {}, why)
    for (const l of listeners) l.call(player._client, pkt)
  })
}

module.exports = { guard }
