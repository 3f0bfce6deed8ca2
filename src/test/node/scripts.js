'use strict';
// The scripts real libraries run (src/test/resources/scripts) through ioredis's defineCommand, which
// sends EVALSHA and falls back to EVAL on NOSCRIPT, against the server on 127.0.0.1:PORT:
//   node scripts.js PORT [STEP ...]   runs the steps named (all, in order, if none), printing
//                                     "ok STEP" for each that passed and "done" at the end
//   node scripts.js --list            prints the step names, one per line
// Run by IoredisScriptsIT, one step per process.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const Redis = require('ioredis');

const [portArg, ...chosen] = process.argv.slice(2);
const port = Number(portArg);

function script(name) {
  return fs.readFileSync(path.join(__dirname, '..', 'resources', 'scripts', name + '.lua'), 'utf8');
}

function connect() {
  const redis = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.defineCommand('tokenBucket', { numberOfKeys: 2, lua: script('token_bucket') });
  redis.defineCommand('lockExtend', { numberOfKeys: 1, lua: script('lock_extend') });
  redis.defineCommand('lockRelease', { numberOfKeys: 1, lua: script('lock_release') });
  redis.defineCommand('compareAndSet', { numberOfKeys: 1, lua: script('compare_and_set') });
  return redis;
}

const steps = {
  async tokenBucket(redis) {
    const keys = ['node:bucket:tokens', 'node:bucket:ts'];
    for (const left of ['2', '1', '0']) {
      assert.deepEqual(await redis.tokenBucket(...keys, 3, 0.001, 1000000, 1), [1, left]);
    }
    assert.deepEqual(await redis.tokenBucket(...keys, 3, 0.001, 1000000, 1), [0, '0']);
    assert.deepEqual(await redis.tokenBucket(...keys, 3, 0.001, 1001500, 1), [1, '0.5']);
    // All integration tests share one server: keys that expire later would show in others' SCANs.
    await redis.del(...keys);
  },

  async redlockStyleLock(redis) {
    assert.equal(await redis.set('node:lock', 'holder', 'PX', 10000, 'NX'), 'OK');
    assert.equal(await redis.set('node:lock', 'other', 'PX', 10000, 'NX'), null);
    assert.equal(await redis.lockExtend('node:lock', 'other', 60000), 0);
    assert.equal(await redis.lockExtend('node:lock', 'holder', 60000), 1);
    assert.ok((await redis.pttl('node:lock')) > 10000);
    assert.equal(await redis.lockRelease('node:lock', 'other'), 0);
    assert.equal(await redis.lockRelease('node:lock', 'holder'), 1);
    assert.equal(await redis.exists('node:lock'), 0);
  },

  async evalshaFallsBackToEval(redis) {
    await redis.set('node:cas', 'a');
    // ioredis remembers nothing across a SCRIPT FLUSH: its EVALSHA gets NOSCRIPT and it resends as EVAL.
    await redis.script('FLUSH');
    assert.equal(await redis.compareAndSet('node:cas', 'a', 'b'), 1);
    assert.equal(await redis.compareAndSet('node:cas', 'a', 'c'), 0);
    assert.equal(await redis.get('node:cas'), 'b');
    const sha = require('node:crypto').createHash('sha1').update(script('compare_and_set')).digest('hex');
    assert.deepEqual(await redis.script('EXISTS', sha), [1]);
  },
};

async function main() {
  if (portArg === '--list') {
    Object.keys(steps).forEach((name) => console.log(name));
    return;
  }
  const names = chosen.length > 0 ? chosen : Object.keys(steps);
  const redis = connect();
  try {
    for (const name of names) {
      try {
        await steps[name](redis);
      } catch (err) {
        err.message = name + ': ' + err.message;
        throw err;
      }
      console.log('ok ' + name);
    }
    console.log('done');
  } finally {
    redis.disconnect();
  }
}

main().catch((err) => {
  console.error(err.stack || String(err));
  process.exit(1);
});
