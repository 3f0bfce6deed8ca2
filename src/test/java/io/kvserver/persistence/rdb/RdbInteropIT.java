package io.kvserver.persistence.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kvserver.compat.RedisServerProcess;
import io.kvserver.persistence.rdb.RdbValue.ConsumerGroup;
import io.kvserver.persistence.rdb.RdbValue.HashData;
import io.kvserver.persistence.rdb.RdbValue.ListData;
import io.kvserver.persistence.rdb.RdbValue.PendingEntry;
import io.kvserver.persistence.rdb.RdbValue.SetData;
import io.kvserver.persistence.rdb.RdbValue.SortedSetData;
import io.kvserver.persistence.rdb.RdbValue.StreamData;
import io.kvserver.persistence.rdb.RdbValue.StreamEntry;
import io.kvserver.persistence.rdb.RdbValue.StreamId;
import io.kvserver.persistence.rdb.RdbValue.StringData;
import io.kvserver.support.ChildProcess;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.Tuple;

/**
 * RDB files both ways between kvserver's reader and writer and a real Redis 7.0: a file kvserver
 * writes passes redis-check-rdb and loads into redis-server with every value, type, encoding and
 * expiry intact; a file redis-server writes, holding every encoding it uses, reads back here to
 * the values redis-server reports.
 */
class RdbInteropIT {

	private static final long EXPIRE_AT = 4_102_444_800_000L; // 2100-01-01

	@TempDir
	Path dir;

	@Test
	void redisLoadsWhatKvserverWrites() throws Exception {
		Map<String, RdbValue> values = sampleValues();
		Path file = this.dir.resolve("kv.rdb");
		try (OutputStream out = Files.newOutputStream(file)) {
			RdbWriter writer = new RdbWriter(out, true, true);
			writer.begin(new LinkedHashMap<>(Map.of("redis-ver", "7.0.15")));
			writer.selectDb(0, values.size(), 1);
			for (Map.Entry<String, RdbValue> e : values.entrySet()) {
				writer.entry(bytes(e.getKey()), e.getValue(), e.getKey().equals("plain") ? EXPIRE_AT : -1);
			}
			writer.end();
		}
		int exit = ChildProcess.run("redis-check-rdb", List.of("redis-check-rdb", file.toString()), this.dir, Map.of(), 60);
		assertThat(exit).as("redis-check-rdb exit code; its output:\n%s",
				Files.readString(this.dir.resolve("redis-check-rdb.log"))).isZero();

		try (RedisServerProcess redis = RedisServerProcess.start(List.of("--dir", this.dir.toString(), "--dbfilename", "kv.rdb"));
				Jedis jedis = new Jedis(redis.host(), redis.port())) {
			assertThat(jedis.dbSize()).isEqualTo(values.size());
			assertThat(jedis.pexpireTime("plain")).isEqualTo(EXPIRE_AT);
			for (Map.Entry<String, RdbValue> e : values.entrySet()) {
				assertThat(describe(readBack(jedis, e.getKey()))).as(e.getKey()).isEqualTo(describe(e.getValue()));
			}
			Map<String, String> encodings = new TreeMap<>();
			for (String key : values.keySet()) {
				encodings.put(key, jedis.objectEncoding(key));
			}
			assertThat(encodings).containsEntry("int", "int")
				.containsEntry("smallhash", "listpack")
				.containsEntry("bighash", "hashtable")
				.containsEntry("intset", "intset")
				.containsEntry("strset", "hashtable")
				.containsEntry("smallzset", "listpack")
				.containsEntry("bigzset", "skiplist")
				.containsEntry("biglist", "quicklist");
		}
	}

	@Test
	void kvserverReadsWhatRedisWrites() throws Exception {
		try (RedisServerProcess redis = RedisServerProcess.start(List.of("--dir", this.dir.toString()));
				Jedis jedis = new Jedis(redis.host(), redis.port())) {
			jedis.set("plain", "hello");
			jedis.set("int", "-123456");
			jedis.set("bigint", "12345678901234");
			jedis.set("compressible", "abc".repeat(1000));
			jedis.set(bytes("binary"), new byte[] { 0, 1, (byte) 0xff, '\r', '\n' });
			jedis.pexpireAt("plain", EXPIRE_AT);
			for (int i = 0; i < 5; i++) {
				jedis.rpush("smalllist", "e" + i, Integer.toString(i * 1000));
				jedis.sadd("intset", Integer.toString(i * 70000 - 3));
				jedis.sadd("strset", "m" + i);
				jedis.hset("smallhash", "f" + i, Integer.toString(i));
				jedis.zadd("smallzset", i * 1.5 - 2, "z" + i);
			}
			jedis.zadd("smallzset", Double.POSITIVE_INFINITY, "top");
			for (int i = 0; i < 3000; i++) {
				jedis.rpush("biglist", "element-" + i);
				jedis.sadd("bigintset", Integer.toString(i));
				jedis.hset("bighash", "field-" + i, "value-" + i);
				jedis.zadd("bigzset", i / 7.0, "member-" + i);
			}
			jedis.hset("longvaluehash", "f", "v".repeat(100));
			for (int i = 0; i < 250; i++) {
				jedis.xadd("stream", new StreamEntryID(1000 + i, 0),
						i % 5 == 0 ? Map.of("other", "x" + i) : Map.of("name", "n" + i));
			}
			jedis.xdel("stream", new StreamEntryID(1003, 0));
			jedis.xgroupCreate("stream", "group", new StreamEntryID(0, 0), false);
			jedis.xreadGroup("group", "alice", XReadGroupParams.xReadGroupParams().count(3),
					Map.of("stream", StreamEntryID.UNRECEIVED_ENTRY));
			assertThat(jedis.save()).isEqualTo("OK");

			byte[] rdb = Files.readAllBytes(this.dir.resolve("dump.rdb"));
			Map<String, RdbValue> read = new LinkedHashMap<>();
			Map<String, Long> expiries = new LinkedHashMap<>();
			RdbReader.read(RdbInput.of(rdb, 0, rdb.length), (key, value, expireAt, idle, freq) -> {
				read.put(new String(key, StandardCharsets.ISO_8859_1), value);
				if (expireAt != -1) {
					expiries.put(new String(key, StandardCharsets.ISO_8859_1), expireAt);
				}
			});
			assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(jedis.keys("*"));
			assertThat(expiries).containsExactly(Map.entry("plain", EXPIRE_AT));
			for (String key : read.keySet()) {
				if (!key.equals("stream")) {
					assertThat(describe(read.get(key))).as(key).isEqualTo(describe(readBack(jedis, key)));
				}
			}
			StreamData stream = (StreamData) read.get("stream");
			assertThat(stream.entries()).hasSize(249);
			assertThat(stream.length()).isEqualTo(249);
			assertThat(stream.entriesAdded()).isEqualTo(250);
			assertThat(stream.maxDeletedId()).isEqualTo(new StreamId(1003, 0));
			assertThat(stream.lastId()).isEqualTo(new StreamId(1249, 0));
			ConsumerGroup group = stream.groups().get(0);
			assertThat(new String(group.name(), StandardCharsets.US_ASCII)).isEqualTo("group");
			assertThat(group.pending()).extracting(PendingEntry::id)
				.containsExactly(new StreamId(1000, 0), new StreamId(1001, 0), new StreamId(1002, 0));
			assertThat(group.consumers()).singleElement()
				.satisfies(c -> assertThat(c.pending()).hasSize(3));
			assertThat(describe(read.get("stream"))).isEqualTo(describe(readBack(jedis, "stream")));
		}
	}

	/** The same key read from a live Redis into the neutral form. */
	private static RdbValue readBack(Jedis jedis, String key) {
		byte[] k = bytes(key);
		return switch (jedis.type(key)) {
			case "string" -> new StringData(jedis.get(k));
			case "list" -> new ListData(jedis.lrange(k, 0, -1));
			case "set" -> new SetData(new ArrayList<>(jedis.smembers(k)));
			case "hash" -> {
				Map<byte[], byte[]> all = jedis.hgetAll(k);
				yield new HashData(new ArrayList<>(all.keySet()), new ArrayList<>(all.values()));
			}
			case "zset" -> {
				List<Tuple> tuples = jedis.zrangeWithScores(key, 0, -1);
				yield new SortedSetData(tuples.stream().map(Tuple::getBinaryElement).toList(),
						tuples.stream().mapToDouble(Tuple::getScore).toArray());
			}
			case "stream" -> {
				List<StreamEntry> entries = jedis.xrange(key, "-", "+").stream()
					.map(e -> new StreamEntry(new StreamId(e.getID().getTime(), e.getID().getSequence()),
							e.getFields().entrySet().stream()
								.flatMap(f -> java.util.stream.Stream.of(bytes(f.getKey()), bytes(f.getValue())))
								.toList()))
					.toList();
				yield new StreamData(entries, entries.size(), StreamId.ZERO, StreamId.ZERO, StreamId.ZERO, 0, List.of());
			}
			default -> throw new AssertionError("unexpected type of " + key);
		};
	}

	/** A comparable text of a value: unordered collections sorted, scores as Redis prints them. */
	private static String describe(RdbValue value) {
		return switch (value) {
			case StringData s -> "string " + text(s.value());
			case ListData l -> "list " + l.elements().stream().map(RdbInteropIT::text).toList();
			case SetData s -> "set " + s.members().stream().map(RdbInteropIT::text).sorted().toList();
			case HashData h -> {
				Map<String, String> sorted = new TreeMap<>();
				for (int i = 0; i < h.fields().size(); i++) {
					sorted.put(text(h.fields().get(i)), text(h.values().get(i)));
				}
				yield "hash " + sorted;
			}
			case SortedSetData z -> {
				List<String> pairs = new ArrayList<>();
				for (int i = 0; i < z.members().size(); i++) {
					pairs.add(text(z.members().get(i)) + "=" + z.scores()[i]);
				}
				pairs.sort(Comparator.naturalOrder());
				yield "zset " + pairs;
			}
			case StreamData s -> "stream " + s.entries().stream()
				.map(e -> e.id().ms() + "-" + e.id().seq() + e.fieldsAndValues().stream().map(RdbInteropIT::text).toList())
				.toList();
		};
	}

	private static Map<String, RdbValue> sampleValues() {
		Map<String, RdbValue> values = new LinkedHashMap<>();
		values.put("plain", new StringData(bytes("hello")));
		values.put("int", new StringData(bytes("-98765")));
		values.put("compressible", new StringData(bytes("xyz".repeat(2000))));
		values.put("binary", new StringData(new byte[] { 0, 1, (byte) 0xff, '\r', '\n' }));
		values.put("smalllist", new ListData(List.of(bytes("a"), bytes("12"), bytes("-5000000000"))));
		values.put("biglist", new ListData(strings("element-", 5000)));
		values.put("intset", new SetData(List.of(bytes("3"), bytes("-70000"), bytes("9"))));
		values.put("strset", new SetData(List.of(bytes("a"), bytes("b"), bytes("7"))));
		values.put("smallhash", new HashData(List.of(bytes("f1"), bytes("f2")), List.of(bytes("v1"), bytes("22"))));
		values.put("bighash", new HashData(strings("field-", 600), strings("value-", 600)));
		values.put("smallzset", new SortedSetData(List.of(bytes("a"), bytes("b"), bytes("c"), bytes("d")),
				new double[] { 0.1, -3, Double.POSITIVE_INFINITY, 1e20 }));
		List<byte[]> members = strings("member-", 400);
		double[] scores = new double[400];
		for (int i = 0; i < scores.length; i++) {
			scores[i] = i / 3.0;
		}
		values.put("bigzset", new SortedSetData(members, scores));
		List<StreamEntry> entries = new ArrayList<>();
		for (int i = 0; i < 150; i++) {
			entries.add(new StreamEntry(new StreamId(5000 + i, i % 2),
					i % 4 == 0 ? List.of(bytes("a"), bytes("1")) : List.of(bytes("name"), bytes("n" + i), bytes("k"), bytes("v"))));
		}
		values.put("stream", new StreamData(entries, entries.size(), entries.get(149).id(), entries.get(0).id(),
				StreamId.ZERO, 150, List.of()));
		return values;
	}

	private static List<byte[]> strings(String prefix, int n) {
		List<byte[]> strings = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			strings.add(bytes(prefix + i));
		}
		return strings;
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.ISO_8859_1);
	}

	private static String text(byte[] b) {
		return new String(b, StandardCharsets.ISO_8859_1);
	}

}
