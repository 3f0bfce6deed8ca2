package io.kvserver.command.bitmaps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.kvserver.command.CommandException;
import io.kvserver.store.HeapHeadroom;
import io.kvserver.store.LocalKeyspace;
import io.kvserver.store.MutableString;

/**
 * How far a bit-writing command grows a string: to the byte of the highest bit written, as Redis
 * does, and not when the heap cannot take it. The heap here is described by numbers, so that a
 * 512 MB request can be refused without a 512 MB heap; HugeBitmapIT does it in a real small heap.
 */
class BitmapGrowthTest {

	private static final long MB = 1024 * 1024;

	private final LocalKeyspace db = new LocalKeyspace(() -> 0L);

	@Test
	void aStringGrowsToTheHighestBitsByte() {
		BitmapGrowth growth = new BitmapGrowth(() -> 512 * MB, HeapHeadroom.RUNTIME);
		BitmapGrowth.Target created = growth.open(this.db, key("k"), 17);
		assertThat(created.grown()).isTrue();
		assertThat(created.value().length()).isEqualTo(3);
		assertThat(growth.open(this.db, key("k"), 23).grown()).as("bit 23 is in byte 2").isFalse();
		BitmapGrowth.Target grown = growth.open(this.db, key("k"), 24);
		assertThat(grown.grown()).isTrue();
		assertThat(grown.value()).isSameAs(created.value());
		assertThat(grown.value().length()).isEqualTo(4);
	}

	@Test
	void anImmutableStringBecomesAPrivateCopy() {
		byte[] shared = "ab".getBytes(StandardCharsets.US_ASCII);
		this.db.set(key("k"), shared);
		BitmapGrowth.Target target = new BitmapGrowth(() -> 512 * MB, HeapHeadroom.RUNTIME).open(this.db, key("k"), 3);
		assertThat(target.grown()).isFalse();
		assertThat(target.value().toByteArray()).isEqualTo(shared);
		assertThat(target.value().array()).isNotSameAs(shared);
		assertThat(this.db.get(key("k"))).isSameAs(target.value());
	}

	@Test
	void aStringTheHeapCannotHoldIsRefusedBeforeAnythingChanges() {
		// 256 MB of heap, 100 MB in use: a 512 MB string cannot be made.
		BitmapGrowth growth = new BitmapGrowth(() -> 512 * MB, new HeapHeadroom(() -> 256 * MB, () -> 100 * MB));
		assertThatThrownBy(() -> growth.open(this.db, key("k"), 4294967295L)).isInstanceOf(CommandException.class)
			.hasMessage("OOM command not allowed: a string of 536870912 bytes needs more heap than the server has free");
		assertThat(this.db.get(key("k"))).isNull();
		this.db.set(key("small"), new byte[10]);
		assertThatThrownBy(() -> growth.open(this.db, key("small"), 8 * 200 * MB)).isInstanceOf(CommandException.class);
		assertThat(this.db.get(key("small"))).as("still the immutable string it was").isInstanceOf(byte[].class);
		// 256 - 256/8 - 100 = 124 MB are free.
		assertThat(growth.open(this.db, key("k"), 8 * 20 * MB).value().length()).isEqualTo(20 * MB + 1);
	}

	@Test
	void onlyLargeAllocationsAskTheHeap() {
		HeapHeadroom full = new HeapHeadroom(() -> 256 * MB, () -> 256 * MB);
		assertThat(full.allows(HeapHeadroom.CHECKED_FROM - 1)).isTrue();
		assertThat(full.allows(HeapHeadroom.CHECKED_FROM)).isFalse();
		HeapHeadroom empty = new HeapHeadroom(() -> 800 * MB, () -> 0);
		assertThat(empty.allows(700 * MB)).as("an eighth is kept in reserve").isTrue();
		assertThat(empty.allows(700 * MB + 1)).isFalse();
	}

	@Test
	void aStringLongerThanAJavaArrayIsRefused() {
		BitmapGrowth growth = new BitmapGrowth(() -> 4L * 1024 * MB, new HeapHeadroom(() -> Long.MAX_VALUE, () -> 0));
		assertThatThrownBy(() -> growth.open(this.db, key("k"), 8L * MutableString.MAX_LENGTH))
			.isInstanceOf(CommandException.class).hasMessageStartingWith("OOM ");
	}

	private static byte[] key(String name) {
		return name.getBytes(StandardCharsets.US_ASCII);
	}

}
