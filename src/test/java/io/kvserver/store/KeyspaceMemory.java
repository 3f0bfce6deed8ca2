package io.kvserver.store;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * Measures the heap one database takes per key: N keys "key:000000000001" (16 bytes) with 16-byte
 * values, heap used after a full GC, minus the same before. Not a test; run by hand:
 *
 * <pre>
 * ./mvnw -B -o test-compile
 * java -cp target/classes:target/test-classes io.kvserver.store.KeyspaceMemory [keys] [ttl-percent]
 * </pre>
 */
public final class KeyspaceMemory {

	private KeyspaceMemory() {
	}

	public static void main(String[] args) throws InterruptedException {
		int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
		int ttlPercent = args.length > 1 ? Integer.parseInt(args[1]) : 0;
		long before = usedAfterGc();
		LocalKeyspace keyspace = new LocalKeyspace(System::currentTimeMillis);
		long deadline = System.currentTimeMillis() + 3_600_000;
		for (int i = 0; i < keys; i++) {
			byte[] key = String.format("key:%012d", i).getBytes(StandardCharsets.US_ASCII);
			byte[] value = String.format("value:%010d", i).getBytes(StandardCharsets.US_ASCII);
			if (i % 100 < ttlPercent) {
				keyspace.set(key, value, deadline);
			}
			else {
				keyspace.set(key, value);
			}
		}
		long after = usedAfterGc();
		System.out.printf("%d keys (16-byte keys, 16-byte values, %d%% with a TTL): %d bytes of heap, %.1f bytes/key%n",
				keyspace.size(), ttlPercent, after - before, (after - before) / (double) keys);
	}

	private static long usedAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
