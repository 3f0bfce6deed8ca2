'use strict';
// ioredis over TLS (its `tls` option), against kvserver's TLS port on localhost:
//   node tls.js PORT CA CERT KEY   sets, reads and pings, printing "ok" on success
// Run by TlsIT.
const fs = require('node:fs');
const assert = require('node:assert/strict');
const Redis = require('ioredis');

const [port, ca, cert, key] = process.argv.slice(2);

(async () => {
  const redis = new Redis({
    host: 'localhost',
    port: Number(port),
    tls: { ca: fs.readFileSync(ca), cert: fs.readFileSync(cert), key: fs.readFileSync(key) },
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  try {
    assert.equal(await redis.set('ioredis:tls', 'secret'), 'OK');
    assert.equal(await redis.get('ioredis:tls'), 'secret');
    assert.equal(await redis.ping(), 'PONG');
    console.log('ok');
  } finally {
    redis.disconnect();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
