package io.kvserver.jmh;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.kvserver.store.Keyspace;
import io.kvserver.store.LocalKeyspace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The store alone: lookups that hit, lookups that miss, and overwrites of existing keys, on one
 * database of 100,000 keys with the wall clock (each access reads it for the LRU clock). Keys are
 * visited in a fixed random order (as redis-benchmark -r picks them), not one key repeatedly nor in
 * insertion order, so the numbers include the cache misses a real workload over many keys sees.
 * Lookups use copies of the stored keys, as a decoded request does, so the key comparison reads
 * the stored key's bytes; a hit reads the value's last byte, as writing it into a reply would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KeyspaceBenchmark {

	static final int KEYS = 100_000;

	static final int MISSING = 1024;

	private Keyspace keyspace;

	private byte[][] lookups;

	private byte[][] missing;

	private byte[] value;

	private int[] order;

	private int next;

	private int nextMissing;

	@Setup
	public void setUp() {
		this.keyspace = new LocalKeyspace(System::currentTimeMillis);
		this.lookups = new byte[KEYS][];
		for (int i = 0; i < KEYS; i++) {
			byte[] key = ascii("key:%06d".formatted(i));
			this.keyspace.set(key, ascii("value:%06d".formatted(i)));
			this.lookups[i] = key.clone();
		}
		this.missing = new byte[MISSING][];
		for (int i = 0; i < MISSING; i++) {
			this.missing[i] = ascii("absent:%06d".formatted(i));
		}
		this.order = new int[KEYS];
		for (int i = 0; i < KEYS; i++) {
			this.order[i] = i;
		}
		Random random = new Random(42);
		for (int i = KEYS - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = this.order[i];
			this.order[i] = this.order[j];
			this.order[j] = swap;
		}
		this.value = ascii("overwritten");
		if (this.keyspace.size() != KEYS) {
			throw new IllegalStateException("keyspace holds " + this.keyspace.size() + " keys, expected " + KEYS);
		}
	}

	@Benchmark
	public byte getHit() {
		byte[] value = (byte[]) this.keyspace.get(nextKey());
		return value[value.length - 1];
	}

	@Benchmark
	public Object getMiss() {
		this.nextMissing = (this.nextMissing + 1) & (MISSING - 1);
		return this.keyspace.get(this.missing[this.nextMissing]);
	}

	@Benchmark
	public void setOverwrite() {
		this.keyspace.set(nextKey(), this.value);
	}

	private byte[] nextKey() {
		int i = this.next + 1;
		this.next = (i == KEYS) ? 0 : i;
		return this.lookups[this.order[this.next]];
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
