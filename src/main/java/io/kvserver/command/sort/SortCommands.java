package io.kvserver.command.sort;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

import io.kvserver.command.Args;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.KeyReads;
import io.kvserver.command.Session;
import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.ElementSink;
import io.kvserver.store.Keyspace;
import io.kvserver.store.ListValue;
import io.kvserver.store.Store;
import io.kvserver.store.Strings;
import io.kvserver.store.ZSetValue;
import io.kvserver.util.Numbers;
import io.kvserver.util.Strtod;

/**
 * SORT and SORT_RO, as Redis 7.0's sort.c: the elements of a list, set or sorted set, sorted as
 * numbers (ties in byte order) or, with ALPHA, as strings, by themselves or by the values a BY
 * pattern names ({@code weight_*}, {@code hash_*->field}); LIMIT; GET patterns ({@code #} for the
 * element); STORE into a list. A BY pattern without {@code *} sorts nothing. Strings compare as
 * strcoll does in the C locale (byte order up to a NUL), which is how redis-server runs in a
 * container or under systemd.
 */
public final class SortCommands implements CommandFamily {

	private final Store databases;

	private final KeyReads reads;

	private final SortPatterns patterns;

	private final int listFill;

	public SortCommands(Store databases, ServerStats stats, int listFill) {
		this.databases = databases;
		this.reads = new KeyReads(stats);
		this.patterns = new SortPatterns(this.reads);
		this.listFill = listFill;
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(CommandSpec.of("sort", (s, a, o) -> sort(s, a, o, false)),
				CommandSpec.of("sort_ro", (s, a, o) -> sort(s, a, o, true)));
	}

	/** One element to sort: itself, and what it sorts by (a number, or bytes for ALPHA with BY, null if missing). */
	private static final class Item {

		final byte[] element;

		double score;

		byte[] by;

		Item(byte[] element) {
			this.element = element;
		}

	}

	private void sort(Session session, byte[][] argv, ReplyWriter out, boolean readOnly) {
		boolean desc = false;
		boolean alpha = false;
		long limitStart = 0;
		long limitCount = -1;
		byte[] storeKey = null;
		byte[] sortBy = null;
		boolean dontSort = false;
		List<byte[]> gets = new ArrayList<>();
		for (int j = 2; j < argv.length; j++) {
			int left = argv.length - j - 1;
			if (Args.is(argv[j], "ASC")) {
				desc = false;
			}
			else if (Args.is(argv[j], "DESC")) {
				desc = true;
			}
			else if (Args.is(argv[j], "ALPHA")) {
				alpha = true;
			}
			else if (Args.is(argv[j], "LIMIT") && left >= 2) {
				limitStart = Args.parseLong(argv[j + 1]);
				limitCount = Args.parseLong(argv[j + 2]);
				j += 2;
			}
			else if (!readOnly && Args.is(argv[j], "STORE") && left >= 1) {
				storeKey = argv[++j];
			}
			else if (Args.is(argv[j], "BY") && left >= 1) {
				sortBy = argv[++j];
				dontSort = SortPatterns.star(sortBy) < 0;
			}
			else if (Args.is(argv[j], "GET") && left >= 1) {
				gets.add(argv[++j]);
			}
			else {
				throw new CommandException(CommandException.SYNTAX);
			}
		}
		Keyspace db = this.databases.db(session.db());
		Object value = this.reads.read(db, argv[1]);
		if (value != null && !(value instanceof ListValue) && !(value instanceof ZSetValue) && !SortSource.isSet(value)) {
			throw CommandException.wrongType();
		}
		if (dontSort && SortSource.isSet(value) && storeKey != null) {
			dontSort = false; // a set's order is its table's: sorted, so that the stored list is the same everywhere
			alpha = true;
			sortBy = null;
		}
		// Redis reads a listpack's scores with strtod to convert it, and a subnormal one leaves errno at
		// ERANGE, which sort.c's own strtod checks below then take for their own failure.
		boolean erange = false;
		if (value instanceof ZSetValue zset) {
			erange = zset.isListpack() && hasSubnormalScore(zset);
			zset.toSkiplist(); // as Redis, SORT converts a small sorted set for good
		}
		long length = SortSource.size(value);
		long start = Math.min(Math.max(limitStart, 0), length);
		limitCount = Math.min(Math.max(limitCount, -1), length);
		long end = limitCount < 0 ? length - 1 : start + limitCount - 1;
		if (start >= length) {
			start = length - 1;
			end = length - 2;
		}
		if (end >= length) {
			end = length - 1;
		}
		List<Item> items = new ArrayList<>();
		if (dontSort && (value instanceof ListValue || value instanceof ZSetValue)) {
			// The native order, and only the range LIMIT asks for.
			if (end >= start) {
				SortSource.range(value, start, end - start + 1, desc, e -> items.add(new Item(e)));
			}
			end -= start;
			start = 0;
		}
		else {
			SortSource.all(value, e -> items.add(new Item(e)));
		}
		boolean conversionError = false;
		if (!dontSort) {
			for (Item item : items) {
				Object by;
				if (sortBy != null) {
					by = this.patterns.find(db, sortBy, item.element);
					if (by == null) {
						continue;
					}
				}
				else {
					by = item.element;
				}
				if (alpha) {
					if (sortBy != null) {
						item.by = Strings.bytes(by);
					}
				}
				else {
					// A string Redis holds as an integer object is read without strtod: no errno to see.
					boolean parsed = by == item.element || SortPatterns.self(sortBy) || !heldAsInteger(by);
					double score = (erange && parsed) ? Double.NaN : score(Strings.array(by), Strings.length(by));
					if (Double.isNaN(score)) {
						conversionError = true;
					}
					else {
						item.score = score;
					}
				}
			}
			items.sort(comparator(alpha, sortBy != null, storeKey != null, desc));
		}
		long count = end - start + 1;
		long outputLength = gets.isEmpty() ? count : gets.size() * count;
		if (conversionError) {
			throw new CommandException("ERR One or more scores can't be converted into double");
		}
		if (storeKey == null) {
			out.arrayHeader((int) outputLength);
			for (long j = start; j <= end; j++) {
				byte[] element = items.get((int) j).element;
				if (gets.isEmpty()) {
					out.bulk(element);
				}
				for (byte[] get : gets) {
					byte[] found = this.patterns.lookup(db, get, element);
					if (found == null) {
						out.nullBulk();
					}
					else {
						out.bulk(found);
					}
				}
			}
			return;
		}
		ListValue result = ListValue.create(this.listFill, 0);
		for (long j = start; j <= end; j++) {
			byte[] element = items.get((int) j).element;
			if (gets.isEmpty()) {
				result.push(element, false);
			}
			for (byte[] get : gets) {
				byte[] found = this.patterns.lookup(db, get, element);
				result.push(found == null ? new byte[0] : found, false);
			}
		}
		if (outputLength > 0) {
			db.set(storeKey, result);
		}
		else {
			db.delete(storeKey);
		}
		out.integer(outputLength);
	}

	/**
	 * A number as sort.c reads one with strtod: up to the first NUL, leading spaces allowed, nothing
	 * after it; NaN, a value out of a double's range and a subnormal one (ERANGE) fail.
	 */
	private static double score(byte[] text, int length) {
		int end = 0;
		while (end < length && text[end] != 0) {
			end++;
		}
		Strtod.Result r = Strtod.parse(text, 0, end);
		double value = r.value();
		if (r.end() != end || r.overflow() || r.underflow() || Double.isNaN(value)
				|| (value != 0 && Math.abs(value) < Double.MIN_NORMAL)) {
			return Double.NaN;
		}
		return value;
	}

	/** Whether the string is a long in Redis's strict syntax, which tryObjectEncoding stores as an integer. */
	private static boolean heldAsInteger(Object string) {
		return string instanceof byte[] bytes && bytes.length <= 20 && Numbers.parseLong(bytes, new long[1]);
	}

	private static boolean hasSubnormalScore(ZSetValue zset) {
		for (ZSetValue.Cursor c = zset.all(false); c.valid(); c.advance()) {
			double score = Math.abs(c.score());
			if (score != 0 && score < Double.MIN_NORMAL) {
				return true;
			}
		}
		return false;
	}

	/** sortCompare, with its ties: numbers then bytes; ALPHA by strcoll, or by bytes when storing. */
	private static Comparator<Item> comparator(boolean alpha, boolean byPattern, boolean store, boolean desc) {
		Comparator<Item> order;
		if (!alpha) {
			order = (a, b) -> a.score > b.score ? 1 : a.score < b.score ? -1 : Arrays.compareUnsigned(a.element, b.element);
		}
		else if (byPattern) {
			order = (a, b) -> {
				if (a.by == null || b.by == null) {
					return a.by == b.by ? 0 : a.by == null ? -1 : 1;
				}
				return store ? Arrays.compareUnsigned(a.by, b.by) : strcoll(a.by, b.by);
			};
		}
		else {
			order = (a, b) -> store ? Arrays.compareUnsigned(a.element, b.element) : strcoll(a.element, b.element);
		}
		return desc ? order.reversed() : order;
	}

	/** strcoll in the C locale: unsigned bytes, each string ending at its first NUL. */
	private static int strcoll(byte[] a, byte[] b) {
		int i = 0;
		while (true) {
			int x = i < a.length ? a[i] & 0xff : 0;
			int y = i < b.length ? b[i] & 0xff : 0;
			if (x != y || x == 0) {
				return x - y;
			}
			i++;
		}
	}

	/** Copies the elements a sink is handed, integers as their decimal text. */
	static ElementSink copying(Consumer<byte[]> into) {
		return new ElementSink() {

			@Override
			public void string(byte[] bytes, int offset, int length) {
				into.accept(Arrays.copyOfRange(bytes, offset, offset + length));
			}

			@Override
			public void integer(long value) {
				into.accept(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
			}

		};
	}

}
