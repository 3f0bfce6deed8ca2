package io.kvserver.store;

import java.util.function.LongSupplier;

/**
 * Whether the heap can take a large allocation that a client asked for with a few bytes: SETBIT
 * at offset 4294967295 makes a 512 MB string, which Redis allows (it is within proto-max-bulk-len)
 * but a JVM with a smaller heap cannot hold. Asked before such a string grows, so that the server
 * answers an error instead of running out of heap, which would end the process (the image runs
 * with {@code -XX:+ExitOnOutOfMemoryError}) or fail whichever thread allocates next.
 * <p>
 * The estimate is cautious: the heap in use counts garbage not yet collected, and an eighth of
 * the maximum heap stays in reserve for everything else the server does. Allocations below
 * {@link #CHECKED_FROM} are not checked: they are the ordinary traffic the reserve is for.
 */
public final class HeapHeadroom {

	/** Smaller allocations are always allowed. */
	public static final long CHECKED_FROM = 1024 * 1024;

	private static final Runtime JVM = Runtime.getRuntime();

	/** This JVM's heap. */
	public static final HeapHeadroom RUNTIME = new HeapHeadroom(JVM::maxMemory,
			() -> JVM.totalMemory() - JVM.freeMemory());

	private final LongSupplier maxHeap;

	private final LongSupplier usedHeap;

	/**
	 * @param maxHeap the most heap the JVM will use ({@code Runtime.maxMemory()})
	 * @param usedHeap the heap in use now, garbage included
	 */
	public HeapHeadroom(LongSupplier maxHeap, LongSupplier usedHeap) {
		this.maxHeap = maxHeap;
		this.usedHeap = usedHeap;
	}

	/** Whether an array of this many bytes may be allocated now. */
	public boolean allows(long bytes) {
		if (bytes < CHECKED_FROM) {
			return true;
		}
		long max = this.maxHeap.getAsLong();
		return bytes <= max - max / 8 - this.usedHeap.getAsLong();
	}

}
