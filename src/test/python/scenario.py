"""The client-compatibility scenario (see ClientScenario.java) through redis-py, against the server
on 127.0.0.1:PORT:
  python3 scenario.py PORT [STEP ...]   runs the steps named (all, in order, if none), printing
                                        "ok STEP" for each that passed and "done" at the end; the
                                        first failure goes to stderr and ends the run with exit code 1
  python3 scenario.py --list            prints the step names, one per line
Run by RedisPyIT, one step per process. redis-py is Debian's python3-redis (4.3, RESP2 only), which
.ci/run installs.
"""
import sys
import threading
import time

try:
    import redis
except ImportError:
    sys.exit("redis-py is not installed: apt-get install python3-redis (.ci/run does this)")

SCAN_KEYS = 10000
SCAN_COUNT = 100
WORKERS = 4
INCREMENTS_EACH = 50
DB = 5
PIPELINED = 1000


def connect(port, **options):
    return redis.Redis(host="127.0.0.1", port=port, socket_timeout=30, **options)


def until(check, seconds):
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met within %s s" % seconds)
        time.sleep(0.01)


def start_clients(port, count, work, errors):
    """Starts count threads, each running work(i, connection) on a connection of its own; failures go to errors."""
    def run(i):
        own = connect(port)
        try:
            work(i, own)
        except Exception as err:  # reported by the main thread
            errors.append(err)
        finally:
            own.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    return threads


def join_clients(threads, errors):
    for t in threads:
        t.join(60)
        assert not t.is_alive(), "a client thread did not finish within 60 s"
    assert not errors, errors


def resp2(r, port):
    # redis-py 4 speaks RESP2 and decodes nothing unless asked: replies are bytes.
    assert r.ping() is True
    info = r.client_info()
    # redis-py 4.3 keeps the line end of CLIENT INFO (Redis's reply ends in "\n" too) in the last field
    assert info["resp"].strip() == "2", info
    assert r.config_get("maxmemory") == {"maxmemory": "0"}
    text = connect(port, decode_responses=True)
    try:
        assert text.echo("héllo") == "héllo"
    finally:
        text.close()


def strings(r, port):
    assert r.set("py:str", "hello") is True
    assert r.get("py:str") == b"hello"
    assert r.set("py:str", "wörld ☃") is True
    assert r.get("py:str") == "wörld ☃".encode()
    assert r.get("py:str:missing") is None
    assert r.set("py:str", "again", nx=True) is None
    assert r.type("py:str") == b"string"
    binary = bytes([0, 13, 10, 255, 36])
    assert r.set(b"py:bin\x00", binary) is True
    assert r.get(b"py:bin\x00") == binary
    assert r.getrange("py:str", 0, 1) == b"w\xc3"


def counters(r, port):
    r.delete("py:ctr")
    assert r.incr("py:ctr") == 1
    assert r.incrby("py:ctr", 41) == 42
    assert r.decr("py:ctr") == 41
    assert r.decrby("py:ctr", 50) == -9
    assert r.incrbyfloat("py:ctr", 0.5) == -8.5
    r.set("py:ctr:text", "abc")
    try:
        r.incr("py:ctr:text")
        raise AssertionError("INCR of a non-integer succeeded")
    except redis.ResponseError as err:
        assert str(err) == "value is not an integer or out of range", str(err)


def ttls(r, port):
    r.set("py:ttl", "v", ex=100)
    ttl = r.ttl("py:ttl")
    assert 99 <= ttl <= 100, ttl
    r.set("py:ttl:none", "v")
    assert r.ttl("py:ttl:none") == -1
    assert r.ttl("py:ttl:missing") == -2
    assert r.expire("py:ttl:none", 50) is True
    assert r.persist("py:ttl:none") is True
    assert r.ttl("py:ttl:none") == -1
    r.set("py:ttl:short", "v", px=50)
    until(lambda: r.get("py:ttl:short") is None, 5)
    assert r.exists("py:ttl:short") == 0


def mset_mget(r, port):
    assert r.mset({"py:m1": "a", "py:m2": "b"}) is True
    assert r.mget("py:m1", "py:m:missing", "py:m2") == [b"a", None, b"b"]


def scan(r, port):
    db = connect(port, db=DB, decode_responses=True)
    try:
        db.flushdb()
        pipe = db.pipeline(transaction=False)
        for i in range(0, SCAN_KEYS, 500):
            pipe.mset({"scan:%d" % (i + j): "v" for j in range(500)})
        assert all(reply is True for reply in pipe.execute())
        seen = set()
        cursor, calls = 0, 0
        while True:
            cursor, keys = db.scan(cursor, count=SCAN_COUNT)
            seen.update(keys)
            calls += 1
            if cursor == 0:
                break
        assert len(seen) == SCAN_KEYS, len(seen)
        assert "scan:0" in seen and "scan:%d" % (SCAN_KEYS - 1) in seen
        assert calls > SCAN_KEYS / 1000, calls
        assert len(set(db.scan_iter(match="scan:999?", count=20000))) == 10
        db.flushdb()
    finally:
        db.close()


def watch_multi_exec_retry_loop(r, port):
    r.delete("py:cas")
    tries = [0] * WORKERS
    errors = []

    def work(w, own):
        done = 0
        while done < INCREMENTS_EACH:
            tries[w] += 1
            with own.pipeline() as pipe:
                try:
                    pipe.watch("py:cas")
                    current = int(pipe.get("py:cas") or 0)
                    pipe.multi()
                    pipe.set("py:cas", current + 1)
                    pipe.execute()
                    done += 1
                except redis.WatchError:
                    pass

    join_clients(start_clients(port, WORKERS, work, errors), errors)
    assert r.get("py:cas") == str(WORKERS * INCREMENTS_EACH).encode()
    assert sum(tries) >= WORKERS * INCREMENTS_EACH


def watched_key_changed_by_another_client(r, port):
    own = connect(port)
    try:
        own.set("py:watched", "1")
        with own.pipeline() as pipe:
            pipe.watch("py:watched")
            r.set("py:watched", "changed")
            pipe.multi()
            pipe.set("py:watched", "mine")
            try:
                pipe.execute()
                raise AssertionError("EXEC ran although the watched key changed")
            except redis.WatchError:
                pass
        assert own.get("py:watched") == b"changed"
        with own.pipeline() as pipe:
            assert pipe.get("py:watched").get("py:watched:missing").execute() == [b"changed", None]
    finally:
        own.close()


def pipelining(r, port):
    pipe = r.pipeline(transaction=False)
    for i in range(PIPELINED):
        pipe.set("py:pipe:%d" % i, "v%d" % i)
    for i in range(PIPELINED):
        pipe.get("py:pipe:%d" % i)
    results = pipe.execute()
    assert len(results) == 2 * PIPELINED
    assert results[:PIPELINED] == [True] * PIPELINED
    assert results[PIPELINED:] == [("v%d" % i).encode() for i in range(PIPELINED)]


def leaderboard(r, port):
    """Scores added and incremented, the top three with their scores, ranks."""
    r.delete("py:board")
    r.zadd("py:board", {"player:%d" % i: i * 10 for i in range(1, 21)})
    assert r.zincrby("py:board", 500, "player:3") == 530.0
    assert r.zrevrange("py:board", 0, 2, withscores=True) == [
        (b"player:3", 530.0), (b"player:20", 200.0), (b"player:19", 190.0)]
    assert r.zrevrank("py:board", "player:3") == 0
    assert r.zscore("py:board", "player:7") == 70.0
    assert r.zcount("py:board", 100, 150) == 6
    assert r.zrangebyscore("py:board", 100, 150, start=1, num=2) == [b"player:11", b"player:12"]


def queue(r, port):
    """A job queue: consumers wait in BLPOP before any job exists; every RPUSHed job is taken once."""
    consumers = 3
    jobs = 150
    r.delete("py:queue")
    taken = [[] for _ in range(consumers)]
    errors = []

    def consume(c, own):
        while True:
            key, job = own.blpop("py:queue", 0)
            assert key == b"py:queue", key
            if job == b"stop":
                return
            taken[c].append(job)

    threads = start_clients(port, consumers, consume, errors)
    until(lambda: r.info("clients")["blocked_clients"] == consumers, 10)
    for i in range(jobs):
        r.rpush("py:queue", "job:%d" % i)
    for _ in range(consumers):
        r.rpush("py:queue", "stop")
    join_clients(threads, errors)
    everything = [job for mine in taken for job in mine]
    assert len(everything) == jobs and len(set(everything)) == jobs
    assert r.exists("py:queue") == 0
    assert r.blpop("py:queue", 0.05) is None


STEPS = {
    "resp2": resp2,
    "strings": strings,
    "counters": counters,
    "ttls": ttls,
    "msetMget": mset_mget,
    "scan": scan,
    "watchMultiExecRetryLoop": watch_multi_exec_retry_loop,
    "watchedKeyChangedByAnotherClient": watched_key_changed_by_another_client,
    "pipelining": pipelining,
    "queue": queue,
    "leaderboard": leaderboard,
}


def main(args):
    if args[:1] == ["--list"]:
        print("\n".join(STEPS))
        return 0
    if not args or not args[0].isdigit():
        print("usage: python3 scenario.py PORT [STEP ...] | --list", file=sys.stderr)
        return 2
    port = int(args[0])
    names = args[1:] or list(STEPS)
    unknown = [name for name in names if name not in STEPS]
    if unknown:
        print("no such step: " + ", ".join(unknown), file=sys.stderr)
        return 2
    r = connect(port)
    try:
        for name in names:
            try:
                STEPS[name](r, port)
            except Exception as err:
                raise AssertionError("%s: %r" % (name, err)) from err
            print("ok " + name, flush=True)
        print("done")
    finally:
        r.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
