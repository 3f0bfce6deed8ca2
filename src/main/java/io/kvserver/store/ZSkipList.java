package io.kvserver.store;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Redis's skip list with spans (t_zset.c, zsl*): members ordered by score, then by their bytes
 * (unsigned, shorter first on a common prefix), where each forward link also records how many
 * elements it skips, so that rank lookups and rank ranges take O(log n). A node has a random level
 * (1 + a geometric number with p = 1/4, at most 32), as Redis draws it.
 * <p>
 * To stay small, a node holds its level-1 link in a field (its span is always 1) and only the 1 in
 * 4 nodes with more levels carry arrays for the links above.
 */
final class ZSkipList {

	static final int MAX_LEVEL = 32;

	/** Redis's ZSKIPLIST_P times 0xFFFF. */
	private static final int LEVEL_THRESHOLD = (int) (0.25 * 0xFFFF);

	/** A node: member, score, the link back, the level-1 link and, above level 1, links and spans. */
	static final long NODE_BYTES = HeapSizes.object(4 + 8 + 4 + 4 + 4 + 4);

	static final class Node {

		final byte[] member;

		double score;

		Node backward;

		/** The level-1 link (span 1). */
		Node next;

		/** Links of levels 2 and up; null for a node of level 1. */
		Node[] up;

		/** Spans of levels 2 and up. */
		int[] upSpan;

		Node(byte[] member, double score, int level) {
			this.member = member;
			this.score = score;
			if (level > 1) {
				this.up = new Node[level - 1];
				this.upSpan = new int[level - 1];
			}
		}

		int level() {
			return this.up == null ? 1 : this.up.length + 1;
		}

		Node forward(int i) {
			return i == 0 ? this.next : this.up[i - 1];
		}

		void setForward(int i, Node node) {
			if (i == 0) {
				this.next = node;
			}
			else {
				this.up[i - 1] = node;
			}
		}

		int span(int i) {
			return i == 0 ? 1 : this.upSpan[i - 1];
		}

		void setSpan(int i, int span) {
			if (i > 0) {
				this.upSpan[i - 1] = span;
			}
		}

		/** Heap held by this node's own objects (not its member). */
		long bytes() {
			return this.up == null ? NODE_BYTES
					: NODE_BYTES + HeapSizes.references(this.up.length) + HeapSizes.ints(this.upSpan.length);
		}

	}

	/** The head: a node of the maximum level that holds no member. */
	final Node header = new Node(null, 0, MAX_LEVEL);

	Node tail;

	long length;

	int level = 1;

	/** Heap held by the nodes (their members are counted by the owner). */
	long nodeBytes;

	/** Member order: score first, then the member's bytes as sdscmp compares them. */
	static int compare(double scoreA, byte[] a, double scoreB, byte[] b) {
		if (scoreA < scoreB) {
			return -1;
		}
		if (scoreA > scoreB) {
			return 1;
		}
		return Arrays.compareUnsigned(a, b);
	}

	private static boolean before(Node x, double score, byte[] member) {
		return x.score < score || (x.score == score && Arrays.compareUnsigned(x.member, member) < 0);
	}

	private static int randomLevel() {
		int level = 1;
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while ((random.nextInt() & 0xFFFF) < LEVEL_THRESHOLD) {
			level++;
		}
		return Math.min(level, MAX_LEVEL);
	}

	/** zslInsert: the member must not be in the list yet. */
	Node insert(double score, byte[] member) {
		Node[] update = new Node[MAX_LEVEL];
		long[] rank = new long[MAX_LEVEL];
		Node x = this.header;
		for (int i = this.level - 1; i >= 0; i--) {
			rank[i] = i == this.level - 1 ? 0 : rank[i + 1];
			while (x.forward(i) != null && before(x.forward(i), score, member)) {
				rank[i] += x.span(i);
				x = x.forward(i);
			}
			update[i] = x;
		}
		int newLevel = randomLevel();
		if (newLevel > this.level) {
			for (int i = this.level; i < newLevel; i++) {
				rank[i] = 0;
				update[i] = this.header;
				this.header.setSpan(i, (int) this.length);
			}
			this.level = newLevel;
		}
		x = new Node(member, score, newLevel);
		for (int i = 0; i < newLevel; i++) {
			x.setForward(i, update[i].forward(i));
			update[i].setForward(i, x);
			if (i > 0) {
				x.setSpan(i, (int) (update[i].span(i) - (rank[0] - rank[i])));
				update[i].setSpan(i, (int) (rank[0] - rank[i]) + 1);
			}
		}
		for (int i = newLevel; i < this.level; i++) {
			update[i].setSpan(i, update[i].span(i) + 1);
		}
		x.backward = update[0] == this.header ? null : update[0];
		if (x.next != null) {
			x.next.backward = x;
		}
		else {
			this.tail = x;
		}
		this.length++;
		this.nodeBytes += x.bytes();
		return x;
	}

	/** zslDeleteNode: unlinks x, whose predecessors at each level are in {@code update}. */
	private void deleteNode(Node x, Node[] update) {
		for (int i = 0; i < this.level; i++) {
			if (update[i].forward(i) == x) {
				if (i > 0) {
					update[i].setSpan(i, update[i].span(i) + x.span(i) - 1);
				}
				update[i].setForward(i, x.forward(i));
			}
			else if (i > 0) {
				update[i].setSpan(i, update[i].span(i) - 1);
			}
		}
		if (x.next != null) {
			x.next.backward = x.backward;
		}
		else {
			this.tail = x.backward;
		}
		while (this.level > 1 && this.header.forward(this.level - 1) == null) {
			this.level--;
		}
		this.length--;
		this.nodeBytes -= x.bytes();
	}

	/** The predecessors at each level of the position of (score, member). */
	private Node[] predecessors(double score, byte[] member) {
		Node[] update = new Node[MAX_LEVEL];
		Node x = this.header;
		for (int i = this.level - 1; i >= 0; i--) {
			while (x.forward(i) != null && before(x.forward(i), score, member)) {
				x = x.forward(i);
			}
			update[i] = x;
		}
		return update;
	}

	/** zslDelete: removes the member with this score; false if it is not there. */
	boolean delete(double score, byte[] member) {
		Node[] update = predecessors(score, member);
		Node x = update[0].next;
		if (x != null && x.score == score && Arrays.equals(x.member, member)) {
			deleteNode(x, update);
			return true;
		}
		return false;
	}

	/**
	 * zslUpdateScore: moves the node to its new score; in place when it stays between its
	 * neighbours, else removed and inserted again (a new node, returned).
	 */
	Node updateScore(double current, byte[] member, double score) {
		Node[] update = predecessors(current, member);
		Node x = update[0].next;
		if ((x.backward == null || x.backward.score < score) && (x.next == null || x.next.score > score)) {
			x.score = score;
			return x;
		}
		deleteNode(x, update);
		return insert(score, x.member);
	}

	/** zslGetRank: the 1-based rank of the member with this score, 0 if it is not there. */
	long rank(double score, byte[] member) {
		long rank = 0;
		Node x = this.header;
		for (int i = this.level - 1; i >= 0; i--) {
			while (x.forward(i) != null && (x.forward(i).score < score
					|| (x.forward(i).score == score && Arrays.compareUnsigned(x.forward(i).member, member) <= 0))) {
				rank += x.span(i);
				x = x.forward(i);
			}
			if (x.member != null && x.score == score && Arrays.equals(x.member, member)) {
				return rank;
			}
		}
		return 0;
	}

	/** zslGetElementByRank: the node of the 1-based rank, or null. */
	Node byRank(long rank) {
		long traversed = 0;
		Node x = this.header;
		for (int i = this.level - 1; i >= 0; i--) {
			while (x.forward(i) != null && traversed + x.span(i) <= rank) {
				traversed += x.span(i);
				x = x.forward(i);
			}
			if (traversed == rank) {
				return x;
			}
		}
		return null;
	}

	Node first() {
		return this.header.next;
	}

	/** zslFirstInRange / zslFirstInLexRange: the first node inside the range, or null. */
	Node firstIn(ZRange range) {
		if (!overlaps(range)) {
			return null;
		}
		Node x = this.header;
		for (int i = this.level - 1; i >= 0; i--) {
			while (x.forward(i) != null && !range.aboveMin(x.forward(i).score, x.forward(i).member)) {
				x = x.forward(i);
			}
		}
		x = x.next;
		return x != null && range.belowMax(x.score, x.member) ? x : null;
	}

	/** zslLastInRange / zslLastInLexRange: the last node inside the range, or null. */
	Node lastIn(ZRange range) {
		if (!overlaps(range)) {
			return null;
		}
		Node x = this.header;
		for (int i = this.level - 1; i >= 0; i--) {
			while (x.forward(i) != null && range.belowMax(x.forward(i).score, x.forward(i).member)) {
				x = x.forward(i);
			}
		}
		return x != this.header && range.aboveMin(x.score, x.member) ? x : null;
	}

	/** zslIsInRange / zslIsInLexRange: whether some part of the list can be in the range. */
	private boolean overlaps(ZRange range) {
		if (range.isEmpty()) {
			return false;
		}
		return this.tail != null && range.aboveMin(this.tail.score, this.tail.member)
				&& range.belowMax(this.header.next.score, this.header.next.member);
	}

	/**
	 * zslDeleteRangeByScore / ByLex: removes every node in the range, telling {@code removed} of
	 * each; returns how many.
	 */
	long deleteRange(ZRange range, Consumer<Node> removed) {
		Node[] update = new Node[MAX_LEVEL];
		Node x = this.header;
		for (int i = this.level - 1; i >= 0; i--) {
			while (x.forward(i) != null && !range.aboveMin(x.forward(i).score, x.forward(i).member)) {
				x = x.forward(i);
			}
			update[i] = x;
		}
		x = x.next;
		long count = 0;
		while (x != null && range.belowMax(x.score, x.member)) {
			Node next = x.next;
			deleteNode(x, update);
			removed.accept(x);
			count++;
			x = next;
		}
		return count;
	}

	/** zslDeleteRangeByRank: removes the nodes of 1-based ranks start..end. */
	long deleteRangeByRank(long start, long end, Consumer<Node> removed) {
		Node[] update = new Node[MAX_LEVEL];
		long traversed = 0;
		Node x = this.header;
		for (int i = this.level - 1; i >= 0; i--) {
			while (x.forward(i) != null && traversed + x.span(i) < start) {
				traversed += x.span(i);
				x = x.forward(i);
			}
			update[i] = x;
		}
		traversed++;
		x = x.next;
		long count = 0;
		while (x != null && traversed <= end) {
			Node next = x.next;
			deleteNode(x, update);
			removed.accept(x);
			count++;
			traversed++;
			x = next;
		}
		return count;
	}


	/**
	 * Checks the structure (for tests): order and back links on level 1, every span equal to the
	 * number of nodes it skips, the length, the tail and the node bytes.
	 */
	void checkStructure() {
		Map<Node, Long> rank = new IdentityHashMap<>();
		long r = 0;
		long bytes = 0;
		Node previous = null;
		for (Node x = this.header.next; x != null; x = x.next) {
			r++;
			rank.put(x, r);
			bytes += x.bytes();
			if (x.backward != previous || (previous != null && compare(previous.score, previous.member, x.score, x.member) >= 0)) {
				throw new IllegalStateException("order or back link broken at rank " + r);
			}
			previous = x;
		}
		if (r != this.length || previous != this.tail || bytes != this.nodeBytes) {
			throw new IllegalStateException("length " + r + "/" + this.length + ", bytes " + bytes + "/" + this.nodeBytes);
		}
		rank.put(this.header, 0L);
		for (int i = 1; i < this.level; i++) {
			for (Node x = this.header; x != null; x = x.forward(i)) {
				Node next = x.forward(i);
				if (next != null && x.span(i) != rank.get(next) - rank.get(x)) {
					throw new IllegalStateException("span at level " + (i + 1) + " after rank " + rank.get(x));
				}
			}
		}
	}

}
