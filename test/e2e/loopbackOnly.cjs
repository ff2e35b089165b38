// Preloaded (`node --require`) into the Agents Playground process by test/e2e/playgroundProcess.ts.
// The Playground's server calls `listen(port)`, i.e. on every network interface; during the tests
// it (and its mock Bot Connector, which accepts anything) must be reachable from this machine only.
// Any `listen(port[, callback])` without a host gets host 127.0.0.1. Nothing else is changed.
'use strict';
const net = require('node:net');

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  const portOnly = typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function');
  if (portOnly) args.splice(1, 0, '127.0.0.1');
  return listen.apply(this, args);
};
