package io.kvserver.command.bitmaps;

import java.util.function.LongSupplier;

import io.kvserver.command.CommandException;
import io.kvserver.command.KeyReads;
import io.kvserver.store.HeapHeadroom;
import io.kvserver.store.Keyspace;
import io.kvserver.store.MutableString;
import io.kvserver.store.Strings;

/**
 * The string a bit-writing command (SETBIT, BITFIELD) works on, as Redis's
 * lookupStringForBitCommand makes it: created, or made a private raw string, and zero-padded so that
 * the highest bit written exists. None of this is signalled to watchers; the command signals when
 * it changes a bit, or when the string was created or grew (SETBIT) or a field changed (BITFIELD).
 * <p>
 * The growth is what a client's offset asks for, up to proto-max-bulk-len (512 MB by default, as
 * Redis allows). Before allocating a large array the heap is asked ({@link HeapHeadroom}); if it
 * cannot hold the string the command answers an {@code OOM} error and changes nothing.
 */
final class BitmapGrowth {

	/** The string to write bits into, and whether it was created or made longer. */
	record Target(MutableString value, boolean grown) {
	}

	private final LongSupplier maxStringLength;

	private final HeapHeadroom heap;

	BitmapGrowth(LongSupplier maxStringLength, HeapHeadroom heap) {
		this.maxStringLength = maxStringLength;
		this.heap = heap;
	}

	long maxStringLength() {
		return this.maxStringLength.getAsLong();
	}

	/** The key's string with room for bit {@code maxBit}; WRONGTYPE for a key of another type. */
	Target open(Keyspace db, byte[] key, long maxBit) {
		Object current = KeyReads.stringForWrite(db, key);
		long needed = (maxBit >>> 3) + 1;
		int cap = MutableString.capacityLimit(maxStringLength());
		if (current instanceof MutableString value) {
			if (needed <= value.length()) {
				return new Target(value, false);
			}
			allocation(needed, value.capacityToGrowTo((int) Math.min(needed, MutableString.MAX_LENGTH), cap));
			long before = value.memoryBytes();
			value.growTo((int) needed, cap);
			db.resized(key, value.memoryBytes() - before);
			return new Target(value, true);
		}
		MutableString value;
		boolean grown;
		if (current == null) {
			value = MutableString.ofLength(allocation(needed, needed));
			grown = true;
		}
		else {
			byte[] bytes = Strings.array(current);
			int length = Strings.length(current);
			grown = needed > length;
			int capacity = grown ? MutableString.roomFor(allocation(needed, needed), cap) : length;
			value = MutableString.copyOf(bytes, length, allocation(needed, capacity));
			value.growTo((int) Math.max(needed, length), cap);
		}
		db.setSilently(key, value);
		return new Target(value, grown);
	}

	/**
	 * The allocation for a string of {@code needed} bytes, if the heap can take it and a Java array
	 * can be that long; else the OOM error, before anything changed.
	 */
	int allocation(long needed, long allocation) {
		if (needed > MutableString.MAX_LENGTH || allocation > MutableString.MAX_LENGTH || !this.heap.allows(allocation)) {
			throw new CommandException("OOM command not allowed: a string of " + needed
					+ " bytes needs more heap than the server has free");
		}
		return (int) allocation;
	}

}
