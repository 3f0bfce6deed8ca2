package io.kvserver.store;

import io.kvserver.store.encoding.Listpack;

/**
 * A list, as Redis 7.0 keeps every list (t_list.c, quicklist.c): a quicklist, a doubly linked list
 * of nodes that each hold a {@link Listpack} of consecutive elements. A node takes elements until
 * it would pass {@code list-max-listpack-size} (negative: a size of 4, 8, 16, 32 or 64 KiB;
 * positive: a count, but never past 8 KiB), with Redis's estimate, so the nodes split where Redis's
 * do and a long list costs little more than its elements' bytes: one small object and one array
 * per node. OBJECT ENCODING answers "quicklist", as Redis 7.0 does for every list.
 * <p>
 * Indexes are as in the list commands: 0 is the head, negative counts from the tail. Positions
 * inside a node are the listpack's byte offsets. {@code list-compress-depth} is accepted and kept
 * (nodes are not compressed: that trades CPU for memory, and OBJECT ENCODING does not show it).
 */
public final class ListValue implements Value {

	/** The node sizes list-max-listpack-size -1 .. -5 stand for (optimization_level). */
	private static final int[] SIZE_LEVELS = { 4096, 8192, 16384, 32768, 65536 };

	/** A node with a count limit still never grows past this (SIZE_SAFETY_LIMIT). */
	private static final int SIZE_SAFETY_LIMIT = 8192;

	/** Redis's allowance for an entry's encoding overhead when it estimates a node's new size. */
	private static final int SIZE_ESTIMATE_OVERHEAD = 8;

	private static final int FILL_MAX = (1 << 15) - 1;

	private static final int COMPRESS_MAX = (1 << 16) - 1;

	/** A node: its listpack, its element count, two links. */
	private static final long NODE_BYTES = HeapSizes.object(4 * HeapSizes.REFERENCE);

	private static final long LIST_BYTES = HeapSizes.object(2 * HeapSizes.REFERENCE + 8 + 8 + 4 + 4);

	static final class Node {

		byte[] lp;

		int count;

		Node prev;

		Node next;

		Node(byte[] lp, int count) {
			this.lp = lp;
			this.count = count;
		}

	}

	private Node head;

	private Node tail;

	private long count;

	/** Bytes held by the nodes and their listpacks. */
	private long nodeBytes;

	private final int fill;

	private final int compressDepth;

	private ListValue(int fill, int compressDepth) {
		this.fill = Math.max(-5, Math.min(FILL_MAX, fill));
		this.compressDepth = Math.max(0, Math.min(COMPRESS_MAX, compressDepth));
	}

	/**
	 * A new, empty list, with the node limits configured when it is created (as Redis's
	 * quicklistSetOptions: a list keeps them when the configuration changes later).
	 *
	 * @param fill list-max-listpack-size
	 * @param compressDepth list-compress-depth
	 */
	public static ListValue create(int fill, int compressDepth) {
		return new ListValue(fill, compressDepth);
	}

	@Override
	public ValueType type() {
		return ValueType.LIST;
	}

	@Override
	public String encoding() {
		return "quicklist";
	}

	@Override
	public long memoryBytes() {
		return LIST_BYTES + this.nodeBytes;
	}

	@Override
	public ListValue copy() {
		ListValue copy = new ListValue(this.fill, this.compressDepth);
		for (Node node = this.head; node != null; node = node.next) {
			copy.linkAfter(copy.tail, copy.newNode(node.lp.clone(), node.count));
		}
		copy.count = this.count;
		return copy;
	}

	public long size() {
		return this.count;
	}

	public boolean isEmpty() {
		return this.count == 0;
	}

	/** list-max-listpack-size as this list applies it. */
	public int fill() {
		return this.fill;
	}

	/** list-compress-depth as configured when the list was created. */
	public int compressDepth() {
		return this.compressDepth;
	}

	/**
	 * Checks the structure (for tests): links both ways, no empty node, counts and sizes as kept.
	 * @return the number of nodes
	 */
	int checkStructure() {
		long elements = 0;
		long bytes = 0;
		int nodes = 0;
		Node previous = null;
		for (Node node = this.head; node != null; node = node.next) {
			if (node.prev != previous || node.count == 0 || node.count != Listpack.length(node.lp)
					|| !Listpack.isValid(node.lp, true)) {
				throw new IllegalStateException("corrupt node " + nodes);
			}
			elements += node.count;
			bytes += NODE_BYTES + HeapSizes.bytes(node.lp.length);
			previous = node;
			nodes++;
		}
		if (previous != this.tail || elements != this.count || bytes != this.nodeBytes) {
			throw new IllegalStateException("list of " + elements + " elements in " + nodes + " nodes, "
					+ bytes + " bytes, kept as " + this.count + " and " + this.nodeBytes);
		}
		return nodes;
	}

	// ---- pushing and popping at the ends

	/** LPUSH / RPUSH of one element (quicklistPushHead / quicklistPushTail). */
	public void push(byte[] value, boolean atHead) {
		Node end = atHead ? this.head : this.tail;
		if (allowsInsert(end, value.length)) {
			replaceListpack(end, atHead ? Listpack.prepend(end.lp, value) : Listpack.append(end.lp, value));
			end.count++;
		}
		else {
			Node node = newNode(Listpack.append(Listpack.empty(), value), 1);
			if (atHead) {
				linkBefore(this.head, node);
			}
			else {
				linkAfter(this.tail, node);
			}
		}
		this.count++;
	}

	/** LPOP / RPOP of one element; null if the list is empty. */
	public byte[] pop(boolean atHead) {
		Node node = atHead ? this.head : this.tail;
		if (node == null) {
			return null;
		}
		int p = atHead ? Listpack.first(node.lp) : Listpack.last(node.lp);
		byte[] value = Listpack.get(node.lp, p);
		deleteAt(node, p);
		return value;
	}

	// ---- reading by index

	/** The element at the index (negative: from the tail), or null if out of range. */
	public byte[] get(long index) {
		Cursor cursor = cursorAt(index, true);
		return cursor == null ? null : cursor.value();
	}

	/**
	 * A cursor on the element at the index (negative: from the tail), moving towards the tail
	 * ({@code forward}) or the head; null if the index is out of range. The list must not be
	 * changed while a cursor is used, except through the cursor.
	 */
	public Cursor cursorAt(long index, boolean forward) {
		long target = index < 0 ? this.count + index : index;
		if (target < 0 || target >= this.count) {
			return null;
		}
		Node node = nodeOf(target);
		return new Cursor(node, Listpack.seek(node.lp, this.offsetInNode), forward);
	}

	/** Set by {@link #nodeOf}: the index's offset in the node found. */
	private int offsetInNode;

	/** The node holding the element at {@code target} (0 &lt;= target &lt; size), walking from the nearer end. */
	private Node nodeOf(long target) {
		Node node;
		long nodeStart;
		if (target <= (this.count - 1) / 2) {
			node = this.head;
			nodeStart = 0;
			while (nodeStart + node.count <= target) {
				nodeStart += node.count;
				node = node.next;
			}
		}
		else {
			node = this.tail;
			nodeStart = this.count - node.count;
			while (nodeStart > target) {
				node = node.prev;
				nodeStart -= node.count;
			}
		}
		this.offsetInNode = (int) (target - nodeStart);
		return node;
	}

	/**
	 * Hands {@code length} elements from index {@code start} (0 &lt;= start &lt; size) to the sink,
	 * towards the tail, or, {@code reverse}, from {@code start} towards the head.
	 */
	public void range(long start, long length, boolean reverse, ElementSink sink) {
		if (length <= 0) {
			return;
		}
		Cursor cursor = cursorAt(start, !reverse);
		for (long i = 0; i < length && cursor.valid(); i++) {
			cursor.emit(sink);
			cursor.advance();
		}
	}

	/** LSET: replaces the element at the index; false if it is out of range. */
	public boolean set(long index, byte[] value) {
		Cursor cursor = cursorAt(index, true);
		if (cursor == null) {
			return false;
		}
		cursor.replace(value);
		return true;
	}

	// ---- changes in the middle

	/**
	 * LINSERT: inserts the element before or after the first one equal to the pivot, scanning from
	 * the head; false if there is no such element.
	 */
	public boolean insert(byte[] pivot, byte[] value, boolean after) {
		for (Cursor cursor = cursorAt(0, true); cursor != null && cursor.valid(); cursor.advance()) {
			if (cursor.matches(pivot)) {
				insertAt(cursor.node, cursor.p, value, after);
				return true;
			}
		}
		return false;
	}

	/**
	 * Deletes {@code length} elements from index {@code start} on (quicklistDelRange; a negative
	 * start counts from the tail, the range is cut at the list's end).
	 */
	public void deleteRange(long start, long length) {
		if (length <= 0 || this.count == 0) {
			return;
		}
		long from = start < 0 ? this.count + start : start;
		if (from < 0) {
			from = 0;
		}
		if (from >= this.count) {
			return;
		}
		long extent = Math.min(length, this.count - from);
		Node node = nodeOf(from);
		int offsetInNode = this.offsetInNode;
		while (extent > 0) {
			Node next = node.next;
			int del = (int) Math.min(extent, node.count - offsetInNode);
			if (offsetInNode == 0 && del == node.count) {
				unlink(node);
				this.count -= del;
			}
			else {
				int p = Listpack.seek(node.lp, offsetInNode);
				replaceListpack(node, Listpack.deleteRange(node.lp, p, del));
				node.count -= del;
				this.count -= del;
			}
			extent -= del;
			node = next;
			offsetInNode = 0;
		}
	}

	// ---- node management, as quicklist.c does it

	/** Whether a node takes one more element of {@code size} bytes (_quicklistNodeAllowInsert). */
	private boolean allowsInsert(Node node, int size) {
		if (node == null) {
			return false;
		}
		long newSize = (long) node.lp.length + size + SIZE_ESTIMATE_OVERHEAD;
		if (meetsSizeLevel(newSize)) {
			return true;
		}
		if (newSize > SIZE_SAFETY_LIMIT) {
			return false;
		}
		return node.count < this.fill;
	}

	/** Whether two nodes may become one (_quicklistNodeAllowMerge). */
	private boolean allowsMerge(Node a, Node b) {
		if (a == null || b == null) {
			return false;
		}
		long merged = (long) a.lp.length + b.lp.length - 11;
		if (meetsSizeLevel(merged)) {
			return true;
		}
		if (merged > SIZE_SAFETY_LIMIT) {
			return false;
		}
		return a.count + b.count <= this.fill;
	}

	private boolean meetsSizeLevel(long size) {
		if (this.fill >= 0) {
			return false;
		}
		int level = -this.fill - 1;
		return level < SIZE_LEVELS.length && size <= SIZE_LEVELS[level];
	}

	/** Inserts next to the entry at {@code p} of {@code node} (_quicklistInsert). */
	private void insertAt(Node node, int p, byte[] value, boolean after) {
		boolean full = !allowsInsert(node, value.length);
		boolean atTail = after && Listpack.next(node.lp, p) < 0;
		boolean atHead = !after && p == Listpack.first(node.lp);
		boolean nextAvailable = atTail && allowsInsert(node.next, value.length);
		boolean prevAvailable = atHead && allowsInsert(node.prev, value.length);
		if (!full) {
			replaceListpack(node, after ? Listpack.insertAfter(node.lp, p, value) : Listpack.insertBefore(node.lp, p, value));
			node.count++;
		}
		else if (atTail && nextAvailable) {
			replaceListpack(node.next, Listpack.prepend(node.next.lp, value));
			node.next.count++;
		}
		else if (atHead && prevAvailable) {
			replaceListpack(node.prev, Listpack.append(node.prev.lp, value));
			node.prev.count++;
		}
		else if (atTail || atHead) {
			Node created = newNode(Listpack.append(Listpack.empty(), value), 1);
			if (after) {
				linkAfter(node, created);
			}
			else {
				linkBefore(node, created);
			}
		}
		else {
			Node split = split(node, p, after);
			replaceListpack(split, after ? Listpack.prepend(split.lp, value) : Listpack.append(split.lp, value));
			split.count++;
			if (after) {
				linkAfter(node, split);
			}
			else {
				linkBefore(node, split);
			}
			mergeAround(node);
		}
		this.count++;
	}

	/**
	 * Splits a node at the entry at {@code p} (_quicklistSplitNode): with {@code after}, the node
	 * keeps the entries up to and including it and the returned, unlinked node gets the rest;
	 * otherwise the returned node gets the entries before it.
	 */
	private Node split(Node node, int p, boolean after) {
		byte[] lp = node.lp;
		int cut = after ? Listpack.next(lp, p) : p; // first entry of the second half
		int firstHalf = 0;
		for (int q = Listpack.first(lp); q != cut; q = Listpack.next(lp, q)) {
			firstHalf++;
		}
		int secondHalf = node.count - firstHalf;
		byte[] head = Listpack.deleteRange(lp, cut, secondHalf);
		byte[] tail = Listpack.deleteRange(lp, Listpack.first(lp), firstHalf);
		if (after) {
			replaceListpack(node, head);
			node.count = firstHalf;
			return newNode(tail, secondHalf);
		}
		replaceListpack(node, tail);
		node.count = secondHalf;
		return newNode(head, firstHalf);
	}

	/** Tries to merge the nodes around {@code center} (_quicklistMergeNodes). */
	private void mergeAround(Node center) {
		Node prev = center.prev;
		Node prevPrev = prev == null ? null : prev.prev;
		Node next = center.next;
		Node nextNext = next == null ? null : next.next;
		if (allowsMerge(prev, prevPrev)) {
			merge(prevPrev, prev);
		}
		if (allowsMerge(next, nextNext)) {
			merge(next, nextNext);
		}
		Node target = center;
		if (allowsMerge(center, center.prev)) {
			target = merge(center.prev, center);
		}
		if (allowsMerge(target, target.next)) {
			merge(target, target.next);
		}
	}

	/** Merges node {@code b} into {@code a}, its predecessor; returns the node that remains. */
	private Node merge(Node a, Node b) {
		Listpack.Builder builder = new Listpack.Builder(a.lp, b.count);
		for (int p = Listpack.first(b.lp); p >= 0; p = Listpack.next(b.lp, p)) {
			if (Listpack.isInteger(b.lp, p)) {
				builder.addInteger(Listpack.integer(b.lp, p));
			}
			else {
				builder.add(Listpack.get(b.lp, p));
			}
		}
		replaceListpack(a, builder.build());
		a.count += b.count;
		unlink(b);
		return a;
	}

	/** Deletes the entry at {@code p} of {@code node}, and the node if it is left empty. */
	private void deleteAt(Node node, int p) {
		if (node.count == 1) {
			unlink(node);
			this.count--;
			return;
		}
		replaceListpack(node, Listpack.delete(node.lp, p));
		node.count--;
		this.count--;
	}

	private Node newNode(byte[] lp, int count) {
		Node node = new Node(lp, count);
		this.nodeBytes += NODE_BYTES + HeapSizes.bytes(lp.length);
		return node;
	}

	private void replaceListpack(Node node, byte[] lp) {
		this.nodeBytes += HeapSizes.bytes(lp.length) - HeapSizes.bytes(node.lp.length);
		node.lp = lp;
	}

	private void linkAfter(Node before, Node node) {
		node.prev = before;
		if (before == null) {
			node.next = this.head;
			if (this.head != null) {
				this.head.prev = node;
			}
			this.head = node;
		}
		else {
			node.next = before.next;
			if (before.next != null) {
				before.next.prev = node;
			}
			before.next = node;
		}
		if (node.next == null) {
			this.tail = node;
		}
	}

	private void linkBefore(Node after, Node node) {
		if (after == null) {
			linkAfter(this.tail, node);
			return;
		}
		linkAfter(after.prev, node);
	}

	/** Takes the node out of the chain; the caller keeps the element count. */
	private void unlink(Node node) {
		if (node.prev != null) {
			node.prev.next = node.next;
		}
		else {
			this.head = node.next;
		}
		if (node.next != null) {
			node.next.prev = node.prev;
		}
		else {
			this.tail = node.prev;
		}
		this.nodeBytes -= NODE_BYTES + HeapSizes.bytes(node.lp.length);
		node.prev = null;
		node.next = null;
	}

	/**
	 * A position in the list, moving towards the tail or the head. Changing the list other than
	 * through the cursor invalidates it.
	 */
	public final class Cursor {

		private Node node;

		/** The entry's offset in the node's listpack, -1 once past the end. */
		private int p;

		private final boolean forward;

		Cursor(Node node, int p, boolean forward) {
			this.node = node;
			this.p = p;
			this.forward = forward;
		}

		/** Whether the cursor is on an element (not past either end). */
		public boolean valid() {
			return this.node != null && this.p >= 0;
		}

		/** The element, copied. */
		public byte[] value() {
			return Listpack.get(this.node.lp, this.p);
		}

		/** Hands the element to the sink without a copy. */
		public void emit(ElementSink sink) {
			byte[] lp = this.node.lp;
			if (Listpack.isInteger(lp, this.p)) {
				sink.integer(Listpack.integer(lp, this.p));
			}
			else {
				sink.string(lp, Listpack.stringOffset(lp, this.p), Listpack.stringLength(lp, this.p));
			}
		}

		/** Whether the element equals the bytes (an integer entry compares as its decimal form). */
		public boolean matches(byte[] value) {
			return Listpack.entryEquals(this.node.lp, this.p, value);
		}

		/** Moves one element on, across nodes. */
		public void advance() {
			this.p = this.forward ? Listpack.next(this.node.lp, this.p) : Listpack.prev(this.node.lp, this.p);
			while (this.p < 0 && this.node != null) {
				this.node = this.forward ? this.node.next : this.node.prev;
				if (this.node != null) {
					this.p = this.forward ? Listpack.first(this.node.lp) : Listpack.last(this.node.lp);
				}
			}
		}

		/** Deletes the element and moves on to the next one in the cursor's direction. */
		public void delete() {
			Node node = this.node;
			if (node.count == 1) {
				Node following = this.forward ? node.next : node.prev;
				unlink(node);
				ListValue.this.count--;
				this.node = following;
				this.p = following == null ? -1
						: this.forward ? Listpack.first(following.lp) : Listpack.last(following.lp);
				return;
			}
			byte[] lp = Listpack.delete(node.lp, this.p);
			replaceListpack(node, lp);
			node.count--;
			ListValue.this.count--;
			// The entry that followed is now at p; towards the head, the one before it is p's predecessor.
			if (this.forward) {
				if ((lp[this.p] & 0xff) == 0xFF) {
					this.p = -1;
					advanceToNode();
				}
			}
			else {
				this.p = Listpack.prev(lp, this.p);
				if (this.p < 0) {
					advanceToNode();
				}
			}
		}

		private void advanceToNode() {
			while (this.p < 0 && this.node != null) {
				this.node = this.forward ? this.node.next : this.node.prev;
				if (this.node != null) {
					this.p = this.forward ? Listpack.first(this.node.lp) : Listpack.last(this.node.lp);
				}
			}
		}

		/** LSET's replacement of the element in place (quicklistReplaceEntry). */
		void replace(byte[] value) {
			replaceListpack(this.node, Listpack.replace(this.node.lp, this.p, value));
		}

	}

}
