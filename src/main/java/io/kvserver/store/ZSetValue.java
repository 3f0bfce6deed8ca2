package io.kvserver.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

import io.kvserver.store.encoding.Integers;
import io.kvserver.store.encoding.Listpack;
import io.kvserver.util.Doubles;
import io.kvserver.util.Strtod;

/**
 * A sorted set, as Redis 7.0 keeps one (t_zset.c): while it is small, a {@link Listpack} of member,
 * score, member, score ... in order (a score stored as an integer when it is one, else as Redis's
 * d2string text); beyond {@code zset-max-listpack-entries} members or a member longer than
 * {@code zset-max-listpack-value} bytes, a skip list with spans ({@link ZSkipList}) for order and
 * O(log n) ranks, plus a hash table from member to node for O(1) scores. OBJECT ENCODING answers
 * "listpack" or "skiplist". It converts back to a listpack only where Redis does (a STORE result).
 * <p>
 * Members are read through a {@link Cursor}, which hands them to an {@link ElementSink} without a
 * copy. Scores are never NaN: the commands refuse NaN before it gets here.
 */
public final class ZSetValue implements Value {

	/** {@link #add} flags, as Redis's zsetAdd takes them. */
	public static final int INCR = 1;

	public static final int NX = 2;

	public static final int XX = 4;

	public static final int GT = 8;

	public static final int LT = 16;

	/** {@link #add} results. */
	public static final int ADDED = 1;

	public static final int UPDATED = 2;

	public static final int NOP = 4;

	public static final int NAN = 8;

	private static final long OBJECT_BYTES = HeapSizes.object(4 * HeapSizes.REFERENCE + 8 + 8);

	/** The listpack, or null when the set is a skip list. */
	private byte[] lp;

	private ZSkipList list;

	private NodeTable members;

	/** Heap held by the member arrays of the skip list's nodes. */
	private long memberBytes;

	/** The score {@link #add} left the member with. */
	private double lastScore;

	private ZSetValue(byte[] lp) {
		this.lp = lp;
	}

	/** A new, empty sorted set in a listpack. */
	public static ZSetValue createListpack() {
		return new ZSetValue(Listpack.empty());
	}

	/** A new, empty sorted set in a skip list. */
	public static ZSetValue createSkiplist() {
		ZSetValue zset = new ZSetValue(null);
		zset.list = new ZSkipList();
		zset.members = new NodeTable();
		return zset;
	}

	/**
	 * A new, empty sorted set in the encoding Redis would pick for this many members, the longest
	 * this many bytes (zsetTypeCreate's rule, as ZADD and the STORE commands apply it).
	 */
	public static ZSetValue create(long entries, long longestMember, long maxListpackEntries, long maxListpackValue) {
		if (maxListpackEntries == 0 || entries > maxListpackEntries || longestMember > maxListpackValue) {
			return createSkiplist();
		}
		return createListpack();
	}

	@Override
	public ValueType type() {
		return ValueType.ZSET;
	}

	@Override
	public String encoding() {
		return this.lp != null ? "listpack" : "skiplist";
	}

	public boolean isListpack() {
		return this.lp != null;
	}

	/** The listpack, for an RDB file to save as it is; null when the set is a skip list. */
	public byte[] listpack() {
		return this.lp;
	}

	@Override
	public long memoryBytes() {
		if (this.lp != null) {
			return OBJECT_BYTES + HeapSizes.bytes(this.lp.length);
		}
		return OBJECT_BYTES + HeapSizes.object(4 * 4 + 8) + this.list.header.bytes() + this.list.nodeBytes
				+ this.memberBytes + this.members.structureBytes();
	}

	@Override
	public ZSetValue copy() {
		if (this.lp != null) {
			return new ZSetValue(this.lp.clone());
		}
		ZSetValue copy = createSkiplist();
		// From the greatest down, as zsetDup does: each insertion stops at the head.
		for (ZSkipList.Node node = this.list.tail; node != null; node = node.backward) {
			copy.insertNode(node.score, node.member);
		}
		return copy;
	}

	public long size() {
		return this.lp != null ? Listpack.length(this.lp) / 2 : this.list.length;
	}

	public boolean isEmpty() {
		return size() == 0;
	}

	/** Checks the skip list and its table agree (for tests). */
	void checkStructure() {
		if (this.lp != null) {
			return;
		}
		this.list.checkStructure();
		if (this.members.size() != this.list.length) {
			throw new IllegalStateException("table of " + this.members.size() + " for " + this.list.length + " nodes");
		}
		for (ZSkipList.Node x = this.list.first(); x != null; x = x.next) {
			if (this.members.get(x.member) != x) {
				throw new IllegalStateException("table does not lead to a node");
			}
		}
	}

	// ---- single members

	/** The member's score, or NaN if it is not in the set. */
	public double score(byte[] member) {
		if (this.lp != null) {
			int p = find(member);
			return p < 0 ? Double.NaN : scoreAt(this.lp, Listpack.next(this.lp, p));
		}
		ZSkipList.Node node = this.members.get(member);
		return node == null ? Double.NaN : node.score;
	}

	/**
	 * Redis's zsetAdd: adds the member or updates its score, as the flags say. A listpack that
	 * would pass the limits with a new member becomes a skip list first.
	 * @return {@link #ADDED}, {@link #UPDATED}, {@link #NOP} or {@link #NAN} (an increment that
	 * gave NaN: nothing changed), or 0 when an existing member kept its score
	 */
	public int add(double score, byte[] member, int flags, long maxListpackEntries, long maxListpackValue) {
		boolean incr = (flags & INCR) != 0;
		boolean nx = (flags & NX) != 0;
		boolean xx = (flags & XX) != 0;
		boolean gt = (flags & GT) != 0;
		boolean lt = (flags & LT) != 0;
		if (Double.isNaN(score)) {
			return NAN;
		}
		double current = score(member);
		if (!Double.isNaN(current)) {
			if (nx) {
				return NOP;
			}
			if (incr) {
				score += current;
				if (Double.isNaN(score)) {
					return NAN;
				}
			}
			if ((lt && score >= current) || (gt && score <= current)) {
				return NOP;
			}
			this.lastScore = score;
			if (score == current) {
				return 0;
			}
			if (this.lp != null) {
				deleteAt(find(member));
				insertSorted(score, member);
			}
			else {
				ZSkipList.Node node = this.members.get(member);
				ZSkipList.Node moved = this.list.updateScore(current, node.member, score);
				if (moved != node) {
					this.members.replace(node.member, moved);
				}
			}
			return UPDATED;
		}
		if (xx) {
			return NOP;
		}
		if (this.lp != null && (Listpack.length(this.lp) / 2 + 1 > maxListpackEntries
				|| member.length > maxListpackValue || !Listpack.safeToAdd(this.lp, member.length))) {
			toSkiplist();
		}
		if (this.lp != null) {
			insertSorted(score, member);
		}
		else {
			insertNode(score, member);
		}
		this.lastScore = score;
		return ADDED;
	}

	/** The score the last {@link #add} left its member with (Redis's newscore). */
	public double lastScore() {
		return this.lastScore;
	}

	/** Removes the member; false if it is not in the set. */
	public boolean remove(byte[] member) {
		if (this.lp != null) {
			int p = find(member);
			if (p < 0) {
				return false;
			}
			deleteAt(p);
			return true;
		}
		ZSkipList.Node node = this.members.get(member);
		if (node == null) {
			return false;
		}
		removeNode(node);
		return true;
	}

	/** The member's 0-based rank from the lowest (or, {@code reverse}, the highest) score; -1 if absent. */
	public long rank(byte[] member, boolean reverse) {
		long length = size();
		if (this.lp != null) {
			long rank = 0;
			for (int p = Listpack.first(this.lp); p >= 0; p = nextMember(this.lp, p)) {
				if (Listpack.entryEquals(this.lp, p, member)) {
					return reverse ? length - rank - 1 : rank;
				}
				rank++;
			}
			return -1;
		}
		ZSkipList.Node node = this.members.get(member);
		if (node == null) {
			return -1;
		}
		long rank = this.list.rank(node.score, node.member);
		return reverse ? length - rank : rank - 1;
	}

	// ---- cursors and ranges

	/** A cursor on the member of 0-based rank (0 &lt;= rank &lt; size), counted from the top if {@code reverse}. */
	public Cursor atRank(long rank, boolean reverse) {
		if (this.lp != null) {
			int p = Listpack.seek(this.lp, reverse ? -2 - 2 * rank : 2 * rank);
			return new Cursor(p, null, reverse);
		}
		ZSkipList.Node node;
		if (reverse) {
			node = rank == 0 ? this.list.tail : this.list.byRank(this.list.length - rank);
		}
		else {
			node = rank == 0 ? this.list.first() : this.list.byRank(rank + 1);
		}
		return new Cursor(-1, node, reverse);
	}

	/**
	 * A cursor on the first member inside the range, going up (or on the last one, going down, if
	 * {@code reverse}); not {@link Cursor#valid} if none is.
	 */
	public Cursor firstIn(ZRange range, boolean reverse) {
		if (this.lp != null) {
			return new Cursor(reverse ? lastInListpack(range) : firstInListpack(range), null, reverse);
		}
		return new Cursor(-1, reverse ? this.list.lastIn(range) : this.list.firstIn(range), reverse);
	}

	/** How many members are inside the range (ZCOUNT, ZLEXCOUNT). */
	public long count(ZRange range) {
		if (this.lp != null) {
			long count = 0;
			for (Cursor c = firstIn(range, false); c.valid() && c.belowMax(range); c.advance()) {
				count++;
			}
			return count;
		}
		ZSkipList.Node first = this.list.firstIn(range);
		if (first == null) {
			return 0;
		}
		long count = this.list.length - (this.list.rank(first.score, first.member) - 1);
		ZSkipList.Node last = this.list.lastIn(range);
		if (last != null) {
			count -= this.list.length - this.list.rank(last.score, last.member);
		}
		return count;
	}

	/** Removes the members of 0-based ranks start..end (both inside the set); returns how many. */
	public long deleteRangeByRank(long start, long end) {
		if (this.lp != null) {
			int p = Listpack.seek(this.lp, 2 * start);
			long count = end - start + 1;
			this.lp = Listpack.deleteRange(this.lp, p, (int) (2 * count));
			return count;
		}
		return this.list.deleteRangeByRank(start + 1, end + 1, this::forget);
	}

	/** Removes every member inside the range; returns how many. */
	public long deleteRange(ZRange range) {
		if (this.lp != null) {
			int p = firstInListpack(range);
			if (p < 0) {
				return 0;
			}
			long count = 0;
			int end = p;
			while (end >= 0 && range.belowMax(scoreAt(this.lp, Listpack.next(this.lp, end)),
					range.byMember() ? memberAt(this.lp, end) : null)) {
				count++;
				end = nextMember(this.lp, end);
			}
			this.lp = Listpack.deleteRange(this.lp, p, (int) (2 * count));
			return count;
		}
		return this.list.deleteRange(range, this::forget);
	}

	/** The member with the lowest (or highest) score, removed; null if the set is empty. */
	public Entry pop(boolean highest) {
		if (isEmpty()) {
			return null;
		}
		Cursor cursor = atRank(0, highest);
		Entry entry = new Entry(cursor.member(), cursor.score());
		if (this.lp != null) {
			deleteAt(cursor.p);
		}
		else {
			removeNode(cursor.node);
		}
		return entry;
	}

	/** A member and its score. */
	public record Entry(byte[] member, double score) {
	}

	/** A member picked uniformly at random (the set must not be empty). */
	public Entry random(RandomGenerator random) {
		if (this.lp != null) {
			Cursor cursor = atRank(random.nextLong(size()), false);
			return new Entry(cursor.member(), cursor.score());
		}
		ZSkipList.Node node = this.members.randomNode(random);
		return new Entry(node.member, node.score);
	}

	/**
	 * One ZSCAN step: a listpack hands out everything at once (cursor 0), a skip list's table one
	 * bucket after another, as Redis's scanGenericCommand does.
	 * @return the next cursor, 0 when done
	 */
	public long scan(long cursor, long count, Consumer<Entry> into) {
		if (this.lp != null) {
			for (Cursor c = atRankOrEnd(); c.valid(); c.advance()) {
				into.accept(new Entry(c.member(), c.score()));
			}
			return 0;
		}
		long[] found = { 0 };
		long maxIterations = count * 10;
		do {
			cursor = this.members.scanNodes(cursor, node -> {
				into.accept(new Entry(node.member, node.score));
				found[0]++;
			});
		}
		while (cursor != 0 && maxIterations-- != 0 && found[0] < count);
		return cursor;
	}

	private Cursor atRankOrEnd() {
		return isEmpty() ? new Cursor(-1, null, false) : atRank(0, false);
	}

	/** Every member, in the order of the skip list's table (SORT's order before it sorts); the set must be a skip list. */
	public void forEachInTableOrder(Consumer<byte[]> into) {
		this.members.forEachSlot(slot -> into.accept(this.members.nodeAt(slot).member));
	}

	/** A cursor over every member from the lowest score up (or down, if {@code reverse}). */
	public Cursor all(boolean reverse) {
		return isEmpty() ? new Cursor(-1, null, reverse) : atRank(0, reverse);
	}

	/**
	 * Redis's zsetConvertToListpackIfNeeded, for a set built by a STORE command: back to a listpack
	 * if it is small enough.
	 */
	public void toListpackIfSmall(long maxListpackEntries, long maxListpackValue, long longestMember,
			long totalMemberBytes) {
		if (this.lp == null && this.list.length <= maxListpackEntries && longestMember <= maxListpackValue
				&& Listpack.safeToAdd(null, totalMemberBytes)) {
			Listpack.Builder builder = new Listpack.Builder(Listpack.empty(), (int) (2 * this.list.length));
			for (ZSkipList.Node node = this.list.first(); node != null; node = node.next) {
				builder.add(node.member);
				addScore(builder, node.score);
			}
			this.lp = builder.build();
			this.list = null;
			this.members = null;
			this.memberBytes = 0;
		}
	}

	/** A position in the set, going up or down. Changing the set other than by {@code pop} invalidates it. */
	public final class Cursor {

		/** The member's entry in the listpack, -1 past the end. */
		private int p;

		private ZSkipList.Node node;

		private final boolean reverse;

		Cursor(int p, ZSkipList.Node node, boolean reverse) {
			this.p = p;
			this.node = node;
			this.reverse = reverse;
		}

		public boolean valid() {
			return ZSetValue.this.lp != null ? this.p >= 0 : this.node != null;
		}

		public double score() {
			return ZSetValue.this.lp != null ? scoreAt(ZSetValue.this.lp, Listpack.next(ZSetValue.this.lp, this.p))
					: this.node.score;
		}

		/** The member's bytes: a copy from a listpack, the stored array from a skip list (do not change it). */
		public byte[] member() {
			return ZSetValue.this.lp != null ? Listpack.get(ZSetValue.this.lp, this.p) : this.node.member;
		}

		/** Hands the member to the sink without a copy (a listpack's integer entry as a number). */
		public void emitMember(ElementSink sink) {
			byte[] lp = ZSetValue.this.lp;
			if (lp == null) {
				sink.string(this.node.member, 0, this.node.member.length);
			}
			else if (Listpack.isInteger(lp, this.p)) {
				sink.integer(Listpack.integer(lp, this.p));
			}
			else {
				sink.string(lp, Listpack.stringOffset(lp, this.p), Listpack.stringLength(lp, this.p));
			}
		}

		/** The length of the member's bytes. */
		public int memberLength() {
			return ZSetValue.this.lp != null ? Listpack.valueLength(ZSetValue.this.lp, this.p) : this.node.member.length;
		}

		/** Whether the member is at or below the range's upper end. */
		public boolean belowMax(ZRange range) {
			return range.belowMax(score(), range.byMember() ? member() : null);
		}

		/** Whether the member is at or above the range's lower end. */
		public boolean aboveMin(ZRange range) {
			return range.aboveMin(score(), range.byMember() ? member() : null);
		}

		public void advance() {
			byte[] lp = ZSetValue.this.lp;
			if (lp != null) {
				this.p = this.reverse ? previousMember(lp, this.p) : nextMember(lp, this.p);
			}
			else {
				this.node = this.reverse ? this.node.backward : this.node.next;
			}
		}

	}

	// ---- the listpack encoding (zzl*)

	/** The score entry at {@code sp}: an integer, or text read as strtod reads it (zzlGetScore). */
	private static double scoreAt(byte[] lp, int sp) {
		if (Listpack.isInteger(lp, sp)) {
			return Listpack.integer(lp, sp);
		}
		int offset = Listpack.stringOffset(lp, sp);
		int length = Math.min(Listpack.stringLength(lp, sp), 127);
		return Strtod.parse(lp, offset, offset + length).value();
	}

	private static byte[] memberAt(byte[] lp, int p) {
		return Listpack.get(lp, p);
	}

	/** The next member's entry after the member at {@code p} (skipping its score), or -1. */
	private static int nextMember(byte[] lp, int p) {
		int score = Listpack.next(lp, p);
		return score < 0 ? -1 : Listpack.next(lp, score);
	}

	/** The previous member's entry before the member at {@code p}, or -1. */
	private static int previousMember(byte[] lp, int p) {
		int score = Listpack.prev(lp, p);
		return score < 0 ? -1 : Listpack.prev(lp, score);
	}

	/** The member's entry, or -1 (zzlFind). */
	private int find(byte[] member) {
		for (int p = Listpack.first(this.lp); p >= 0; p = nextMember(this.lp, p)) {
			if (Listpack.entryEquals(this.lp, p, member)) {
				return p;
			}
		}
		return -1;
	}

	/** Deletes the member at {@code p} and its score. */
	private void deleteAt(int p) {
		this.lp = Listpack.deleteRange(this.lp, p, 2);
	}

	/** zzlInsert: before the first member that sorts after it, or at the end. */
	private void insertSorted(double score, byte[] member) {
		for (int p = Listpack.first(this.lp); p >= 0; p = nextMember(this.lp, p)) {
			double s = scoreAt(this.lp, Listpack.next(this.lp, p));
			if (s > score || (s == score && compareEntry(this.lp, p, member) > 0)) {
				byte[] withMember = Listpack.insertBefore(this.lp, p, member);
				this.lp = Listpack.insertAfter(withMember, p, scoreBytes(score));
				return;
			}
		}
		this.lp = Listpack.append(this.lp, member, scoreBytes(score));
	}

	/** How zzlInsertAt stores a score: an integer when double2ll allows, else d2string's text. */
	private static byte[] scoreBytes(double score) {
		if (Doubles.isSafeLong(score)) {
			return Integers.toBytes((long) score);
		}
		return Doubles.d2string(score).getBytes(StandardCharsets.US_ASCII);
	}

	private static void addScore(Listpack.Builder builder, double score) {
		if (Doubles.isSafeLong(score)) {
			builder.addInteger((long) score);
		}
		else {
			builder.add(Doubles.d2string(score).getBytes(StandardCharsets.US_ASCII));
		}
	}

	/** The entry's bytes (an integer's decimal form) against the string, as zzlCompareElements. */
	private static int compareEntry(byte[] lp, int p, byte[] other) {
		if (Listpack.isInteger(lp, p)) {
			return Arrays.compareUnsigned(Integers.toBytes(Listpack.integer(lp, p)), other);
		}
		int offset = Listpack.stringOffset(lp, p);
		return Arrays.compareUnsigned(lp, offset, offset + Listpack.stringLength(lp, p), other, 0, other.length);
	}

	private int firstInListpack(ZRange range) {
		if (!overlapsListpack(range)) {
			return -1;
		}
		for (int p = Listpack.first(this.lp); p >= 0; p = nextMember(this.lp, p)) {
			double score = scoreAt(this.lp, Listpack.next(this.lp, p));
			byte[] member = range.byMember() ? memberAt(this.lp, p) : null;
			if (range.aboveMin(score, member)) {
				return range.belowMax(score, member) ? p : -1;
			}
		}
		return -1;
	}

	private int lastInListpack(ZRange range) {
		if (!overlapsListpack(range)) {
			return -1;
		}
		int last = Listpack.last(this.lp);
		for (int p = last < 0 ? -1 : Listpack.prev(this.lp, last); p >= 0; p = previousMember(this.lp, p)) {
			double score = scoreAt(this.lp, Listpack.next(this.lp, p));
			byte[] member = range.byMember() ? memberAt(this.lp, p) : null;
			if (range.belowMax(score, member)) {
				return range.aboveMin(score, member) ? p : -1;
			}
		}
		return -1;
	}

	/**
	 * zzlIsInRange / zzlIsInLexRange: whether the last member is at or above the range's lower end and
	 * the first at or below its upper end. By member this decides even when the members' byte order
	 * disagrees with their scores' (a lex range over mixed scores), as in Redis.
	 */
	private boolean overlapsListpack(ZRange range) {
		int last = Listpack.last(this.lp);
		if (range.isEmpty() || last < 0) {
			return false;
		}
		int lastMember = Listpack.prev(this.lp, last);
		int first = Listpack.first(this.lp);
		return range.aboveMin(scoreAt(this.lp, last), range.byMember() ? memberAt(this.lp, lastMember) : null)
				&& range.belowMax(scoreAt(this.lp, Listpack.next(this.lp, first)),
						range.byMember() ? memberAt(this.lp, first) : null);
	}

	/** zsetConvert to the skip list; nothing if it is one already (SORT converts a sorted set for good). */
	public void toSkiplist() {
		if (this.lp == null) {
			return;
		}
		byte[] old = this.lp;
		this.lp = null;
		this.list = new ZSkipList();
		this.members = new NodeTable();
		for (int p = Listpack.first(old); p >= 0; p = nextMember(old, p)) {
			insertNode(scoreAt(old, Listpack.next(old, p)), Listpack.get(old, p));
		}
	}

	// ---- the skip list encoding

	private void insertNode(double score, byte[] member) {
		ZSkipList.Node node = this.list.insert(score, member);
		this.members.put(member, node);
		this.memberBytes += HeapSizes.bytes(member.length);
	}

	private void removeNode(ZSkipList.Node node) {
		this.members.remove(node.member);
		this.list.delete(node.score, node.member);
		this.memberBytes -= HeapSizes.bytes(node.member.length);
	}

	/** A node the skip list removed in a range deletion: it leaves the table too. */
	private void forget(ZSkipList.Node node) {
		this.members.remove(node.member);
		this.memberBytes -= HeapSizes.bytes(node.member.length);
	}

	/** Member to skip-list node: a {@link HashSlots} table whose keys are the nodes' member arrays. */
	static final class NodeTable extends HashSlots {

		private ZSkipList.Node[] nodes = {};

		ZSkipList.Node get(byte[] member) {
			int slot = find(member, KeyHash.hash(member));
			return slot < 0 ? null : this.nodes[slot];
		}

		void put(byte[] member, ZSkipList.Node node) {
			int slot = add(member, KeyHash.hash(member)); // may grow the arrays: read the field after
			this.nodes[slot] = node;
		}

		void replace(byte[] member, ZSkipList.Node node) {
			this.nodes[find(member, KeyHash.hash(member))] = node;
		}

		void remove(byte[] member) {
			int slot = find(member, KeyHash.hash(member));
			if (slot >= 0) {
				remove(slot);
			}
		}

		ZSkipList.Node nodeAt(int slot) {
			return this.nodes[slot];
		}

		ZSkipList.Node randomNode(RandomGenerator random) {
			return this.nodes[randomSlot(random)];
		}

		long scanNodes(long cursor, Consumer<ZSkipList.Node> visitor) {
			return scan(cursor, (int slot) -> visitor.accept(this.nodes[slot]));
		}

		@Override
		void resizeSlots(int capacity) {
			this.nodes = Arrays.copyOf(this.nodes, capacity);
		}

		@Override
		void moveSlot(int from, int to) {
			this.nodes[to] = this.nodes[from];
		}

		@Override
		void clearSlot(int slot) {
			this.nodes[slot] = null;
		}

		@Override
		long slotBytes() {
			return 4L * this.nodes.length + 16;
		}

	}

}
