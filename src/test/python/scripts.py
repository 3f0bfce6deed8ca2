"""The scripts real libraries run (src/test/resources/scripts) through redis-py's register_script,
which sends EVALSHA and loads the script on NOSCRIPT, against the server on 127.0.0.1:PORT:
  python3 scripts.py PORT [STEP ...]   runs the steps named (all, in order, if none), printing
                                       "ok STEP" for each that passed and "done" at the end
  python3 scripts.py --list            prints the step names, one per line
Run by RedisPyScriptsIT, one step per process.
"""
import os
import sys

try:
    import redis
except ImportError:
    sys.exit("redis-py is not installed: apt-get install python3-redis (.ci/run does this)")


def script(name):
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "resources", "scripts", name + ".lua")) as f:
        return f.read()


def token_bucket(r):
    bucket = r.register_script(script("token_bucket"))
    keys = ["py:bucket:tokens", "py:bucket:ts"]
    for left in (b"2", b"1", b"0"):
        assert bucket(keys=keys, args=[3, 0.001, 1000000, 1]) == [1, left]
    assert bucket(keys=keys, args=[3, 0.001, 1000000, 1]) == [0, b"0"]
    assert bucket(keys=keys, args=[3, 0.001, 1001500, 1]) == [1, b"0.5"]
    # All integration tests share one server: keys that expire later would show in others' SCANs.
    r.delete(*keys)


def redlock_style_lock(r):
    extend = r.register_script(script("lock_extend"))
    release = r.register_script(script("lock_release"))
    assert r.set("py:lock", "holder", px=10000, nx=True) is True
    assert r.set("py:lock", "other", px=10000, nx=True) is None
    assert extend(keys=["py:lock"], args=["other", 60000]) == 0
    assert extend(keys=["py:lock"], args=["holder", 60000]) == 1
    assert r.pttl("py:lock") > 10000
    assert release(keys=["py:lock"], args=["other"]) == 0
    assert release(keys=["py:lock"], args=["holder"]) == 1
    assert r.exists("py:lock") == 0


def evalsha_falls_back_to_eval(r):
    cas = r.register_script(script("compare_and_set"))
    r.set("py:cas", "a")
    r.script_flush()
    assert cas(keys=["py:cas"], args=["a", "b"]) == 1
    assert cas(keys=["py:cas"], args=["a", "c"]) == 0
    assert r.get("py:cas") == b"b"
    assert r.script_exists(cas.sha) == [True]


STEPS = {
    "tokenBucket": token_bucket,
    "redlockStyleLock": redlock_style_lock,
    "evalshaFallsBackToEval": evalsha_falls_back_to_eval,
}


def main(argv):
    if argv and argv[0] == "--list":
        for name in STEPS:
            print(name)
        return 0
    port = int(argv[0])
    names = argv[1:] or list(STEPS)
    r = redis.Redis(host="127.0.0.1", port=port, socket_timeout=30)
    for name in names:
        try:
            STEPS[name](r)
        except Exception as e:
            raise AssertionError("%s: %r" % (name, e)) from e
        print("ok " + name)
    print("done")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
