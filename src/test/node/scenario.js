'use strict';
// The client-compatibility scenario (see ClientScenario.java) through ioredis, against the server
// on 127.0.0.1:PORT:
//   node scenario.js PORT [STEP ...]   runs the steps named (all, in order, if none), printing
//                                      "ok STEP" for each that passed and "done" at the end; the first
//                                      failure goes to stderr and ends the run with exit code 1
//   node scenario.js --list            prints the step names, one per line
// Run by IoredisIT, one step per process.
const assert = require('node:assert/strict');
const Redis = require('ioredis');

const [portArg, ...chosen] = process.argv.slice(2);
const port = Number(portArg);
const SCAN_KEYS = 10000;
const SCAN_COUNT = 100;
const WORKERS = 4;
const INCREMENTS_EACH = 50;
const DB = 5;
const PIPELINED = 1000;

function connect(options = {}) {
  return new Redis({
    host: '127.0.0.1',
    port,
    protocol: 3,
    replyMapping: 'resp3',
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    ...options,
  });
}

async function until(check, millis) {
  const deadline = Date.now() + millis;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error('condition not met within ' + millis + ' ms');
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const steps = {
  async resp3(redis) {
    assert.match(await redis.client('INFO'), / resp=3\n$/);
    // A RESP3 map arrives as an object only if the server sent one.
    assert.deepEqual(await redis.config('GET', 'maxmemory'), { maxmemory: '0' });
    assert.equal(await redis.get('node:r3:missing'), null);
  },

  async strings(redis) {
    assert.equal(await redis.set('node:str', 'hello'), 'OK');
    assert.equal(await redis.get('node:str'), 'hello');
    assert.equal(await redis.set('node:str', 'wörld ☃'), 'OK');
    assert.equal(await redis.get('node:str'), 'wörld ☃');
    assert.equal(await redis.get('node:str:missing'), null);
    assert.equal(await redis.set('node:str', 'again', 'NX'), null);
    assert.equal(await redis.type('node:str'), 'string');
    const binary = Buffer.from([0, 13, 10, 255, 36]);
    await redis.set(Buffer.from('node:bin\0'), binary);
    assert.deepEqual(await redis.getBuffer(Buffer.from('node:bin\0')), binary);
  },

  async counters(redis) {
    await redis.del('node:ctr');
    assert.equal(await redis.incr('node:ctr'), 1);
    assert.equal(await redis.incrby('node:ctr', 41), 42);
    assert.equal(await redis.decr('node:ctr'), 41);
    assert.equal(await redis.decrby('node:ctr', 50), -9);
    await redis.set('node:ctr:text', 'abc');
    await assert.rejects(redis.incr('node:ctr:text'), { message: 'ERR value is not an integer or out of range' });
  },

  async ttls(redis) {
    await redis.set('node:ttl', 'v', 'EX', 100);
    const ttl = await redis.ttl('node:ttl');
    assert.ok(ttl >= 99 && ttl <= 100, 'ttl ' + ttl);
    await redis.set('node:ttl:none', 'v');
    assert.equal(await redis.ttl('node:ttl:none'), -1);
    assert.equal(await redis.ttl('node:ttl:missing'), -2);
    assert.equal(await redis.expire('node:ttl:none', 50), 1);
    assert.equal(await redis.persist('node:ttl:none'), 1);
    assert.equal(await redis.ttl('node:ttl:none'), -1);
    await redis.set('node:ttl:short', 'v', 'PX', 50);
    await until(async () => (await redis.get('node:ttl:short')) === null, 5000);
    assert.equal(await redis.exists('node:ttl:short'), 0);
  },

  async msetMget(redis) {
    assert.equal(await redis.mset('node:m1', 'a', 'node:m2', 'b'), 'OK');
    assert.deepEqual(await redis.mget('node:m1', 'node:m:missing', 'node:m2'), ['a', null, 'b']);
  },

  async scan() {
    const redis = connect({ db: DB });
    try {
      await redis.flushdb();
      const pipeline = redis.pipeline();
      for (let i = 0; i < SCAN_KEYS; i += 500) {
        const pairs = [];
        for (let j = 0; j < 500; j++) {
          pairs.push('scan:' + (i + j), 'v');
        }
        pipeline.mset(...pairs);
      }
      for (const [err] of await pipeline.exec()) {
        assert.ifError(err);
      }
      const seen = new Set();
      let cursor = '0';
      let calls = 0;
      do {
        const [next, keys] = await redis.scan(cursor, 'COUNT', SCAN_COUNT);
        keys.forEach((key) => seen.add(key));
        cursor = next;
        calls++;
      } while (cursor !== '0');
      assert.equal(seen.size, SCAN_KEYS);
      assert.ok(seen.has('scan:0') && seen.has('scan:' + (SCAN_KEYS - 1)));
      assert.ok(calls > SCAN_KEYS / 1000, 'calls ' + calls);
      const [, some] = await redis.scan('0', 'MATCH', 'scan:999?', 'COUNT', 20000);
      assert.equal(some.length, 10);
      await redis.flushdb();
    } finally {
      redis.disconnect();
    }
  },

  async watchMultiExecRetryLoop(redis) {
    await redis.del('node:cas');
    const workers = [];
    for (let w = 0; w < WORKERS; w++) {
      workers.push((async () => {
        const own = connect();
        let tries = 0;
        try {
          for (let done = 0; done < INCREMENTS_EACH; tries++) {
            await own.watch('node:cas');
            const current = await own.get('node:cas');
            const result = await own.multi().set('node:cas', Number(current ?? 0) + 1).exec();
            if (result !== null) {
              done++;
            }
          }
        } finally {
          own.disconnect();
        }
        return tries;
      })());
    }
    const tries = (await Promise.all(workers)).reduce((a, b) => a + b, 0);
    assert.equal(await redis.get('node:cas'), String(WORKERS * INCREMENTS_EACH));
    assert.ok(tries >= WORKERS * INCREMENTS_EACH);
  },

  async watchedKeyChangedByAnotherClient(redis) {
    const own = connect();
    try {
      await own.set('node:watched', '1');
      await own.watch('node:watched');
      await redis.set('node:watched', 'changed');
      assert.equal(await own.multi().set('node:watched', 'mine').exec(), null);
      assert.equal(await own.get('node:watched'), 'changed');
      assert.deepEqual(await own.multi().get('node:watched').get('node:watched:missing').exec(),
        [[null, 'changed'], [null, null]]);
    } finally {
      own.disconnect();
    }
  },

  async pipelining(redis) {
    const pipeline = redis.pipeline();
    for (let i = 0; i < PIPELINED; i++) {
      pipeline.set('node:pipe:' + i, 'v' + i);
    }
    for (let i = 0; i < PIPELINED; i++) {
      pipeline.get('node:pipe:' + i);
    }
    const results = await pipeline.exec();
    assert.equal(results.length, 2 * PIPELINED);
    for (let i = 0; i < PIPELINED; i++) {
      assert.deepEqual(results[i], [null, 'OK']);
      assert.deepEqual(results[PIPELINED + i], [null, 'v' + i]);
    }
  },

  // A leaderboard: scores added and incremented, the top three with their scores, ranks.
  async leaderboard(redis) {
    await redis.del('node:board');
    for (let i = 1; i <= 20; i++) {
      await redis.zadd('node:board', i * 10, 'player:' + i);
    }
    assert.equal(Number(await redis.zincrby('node:board', 500, 'player:3')), 530);
    const top = await redis.zrevrange('node:board', 0, 2, 'WITHSCORES');
    assert.deepEqual(top.map((pair) => [pair[0], Number(pair[1])]),
      [['player:3', 530], ['player:20', 200], ['player:19', 190]]);
    assert.equal(await redis.zrevrank('node:board', 'player:3'), 0);
    assert.equal(Number(await redis.zscore('node:board', 'player:7')), 70);
    assert.equal(await redis.zcount('node:board', 100, 150), 6);
  },

  // A job queue: consumers wait in BRPOP before any job exists; every LPUSHed job is taken once.
  async queue(redis) {
    const consumers = 3;
    const jobs = 150;
    await redis.del('node:queue');
    const own = [];
    const taken = [];
    try {
      for (let c = 0; c < consumers; c++) {
        const consumer = connect();
        own.push(consumer);
        taken.push((async () => {
          const mine = [];
          for (;;) {
            const [key, job] = await consumer.brpop('node:queue', 0);
            assert.equal(key, 'node:queue');
            if (job === 'stop') {
              return mine;
            }
            mine.push(job);
          }
        })());
      }
      await until(async () => (await redis.info('clients')).includes('blocked_clients:' + consumers + '\r\n'), 10000);
      for (let i = 0; i < jobs; i++) {
        await redis.lpush('node:queue', 'job:' + i);
      }
      for (let c = 0; c < consumers; c++) {
        await redis.lpush('node:queue', 'stop');
      }
      const all = (await Promise.all(taken)).flat();
      assert.equal(all.length, jobs);
      assert.equal(new Set(all).size, jobs);
      assert.equal(await redis.exists('node:queue'), 0);
      assert.equal(await redis.brpop('node:queue', 0.05), null);
    } finally {
      own.forEach((consumer) => consumer.disconnect());
    }
  },
};

async function main() {
  if (portArg === '--list') {
    Object.keys(steps).forEach((name) => console.log(name));
    return;
  }
  if (!Number.isInteger(port) || port <= 0) {
    throw new Error('usage: node scenario.js PORT [STEP ...] | --list');
  }
  const names = chosen.length > 0 ? chosen : Object.keys(steps);
  const unknown = names.filter((name) => !(name in steps));
  if (unknown.length > 0) {
    throw new Error('no such step: ' + unknown.join(', '));
  }
  const redis = connect();
  try {
    for (const name of names) {
      const step = steps[name];
      try {
        await step(redis);
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
