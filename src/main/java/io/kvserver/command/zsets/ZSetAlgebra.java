package io.kvserver.command.zsets;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kvserver.command.Args;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.Session;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.ByteKey;
import io.kvserver.store.Keyspace;
import io.kvserver.store.Store;
import io.kvserver.store.ZSetValue;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD, as Redis's zunionInterDiffGenericCommand
 * computes them: inputs sorted by size (stably) except for a difference, weights applied and NaN
 * products taken as 0, SUM, MIN or MAX aggregation (a NaN sum is 0), and the result in score order.
 * An input may be a sorted set or a set (whose members score 1).
 */
final class ZSetAlgebra {

	private enum Op {
		UNION, INTER, DIFF
	}

	private enum Aggregate {
		SUM, MIN, MAX
	}

	private final Store databases;

	private final ZSets zsets;

	ZSetAlgebra(Store databases, ZSets zsets) {
		this.databases = databases;
		this.zsets = zsets;
	}

	List<CommandSpec> commands() {
		return List.of(
				CommandSpec.of("zunion", (s, a, o) -> compute(s, a, o, null, 1, Op.UNION, false)),
				CommandSpec.of("zinter", (s, a, o) -> compute(s, a, o, null, 1, Op.INTER, false)),
				CommandSpec.of("zdiff", (s, a, o) -> compute(s, a, o, null, 1, Op.DIFF, false)),
				CommandSpec.of("zunionstore", (s, a, o) -> compute(s, a, o, a[1], 2, Op.UNION, false)),
				CommandSpec.of("zinterstore", (s, a, o) -> compute(s, a, o, a[1], 2, Op.INTER, false)),
				CommandSpec.of("zdiffstore", (s, a, o) -> compute(s, a, o, a[1], 2, Op.DIFF, false)),
				CommandSpec.of("zintercard", (s, a, o) -> compute(s, a, o, null, 1, Op.INTER, true)));
	}

	private void compute(Session session, byte[][] argv, ReplyWriter out, byte[] destination, int numkeysIndex,
			Op op, boolean cardinalityOnly) {
		long setCount = Args.parseLong(argv[numkeysIndex]);
		if (setCount < 1) {
			throw new CommandException("ERR at least 1 input key is needed for '"
					+ session.runningCommand().name() + "' command");
		}
		if (setCount > argv.length - (numkeysIndex + 1)) {
			throw new CommandException(CommandException.SYNTAX);
		}
		int n = (int) setCount;
		Keyspace db = this.databases.db(session.db());
		List<ScoredSource> sources = new ArrayList<>(n);
		int j = numkeysIndex + 1;
		for (int i = 0; i < n; i++, j++) {
			sources.add(ScoredSource.of(this.zsets.reads.read(db, argv[j])));
		}
		Aggregate aggregate = Aggregate.SUM;
		boolean withScores = false;
		long limit = 0;
		while (j < argv.length) {
			int remaining = argv.length - j;
			if (op != Op.DIFF && !cardinalityOnly && remaining >= n + 1 && Args.is(argv[j], "WEIGHTS")) {
				j++;
				for (int i = 0; i < n; i++, j++) {
					sources.get(i).weight = ZSets.parseScore(argv[j], "ERR weight value is not a float");
				}
			}
			else if (op != Op.DIFF && !cardinalityOnly && remaining >= 2 && Args.is(argv[j], "AGGREGATE")) {
				byte[] which = argv[j + 1];
				if (Args.is(which, "SUM")) {
					aggregate = Aggregate.SUM;
				}
				else if (Args.is(which, "MIN")) {
					aggregate = Aggregate.MIN;
				}
				else if (Args.is(which, "MAX")) {
					aggregate = Aggregate.MAX;
				}
				else {
					throw new CommandException(CommandException.SYNTAX);
				}
				j += 2;
			}
			else if (destination == null && !cardinalityOnly && Args.is(argv[j], "WITHSCORES")) {
				withScores = true;
				j++;
			}
			else if (cardinalityOnly && remaining >= 2 && Args.is(argv[j], "LIMIT")) {
				limit = Args.parsePositiveLong(argv[j + 1], "LIMIT can't be negative");
				j += 2;
			}
			else {
				throw new CommandException(CommandException.SYNTAX);
			}
		}
		if (op != Op.DIFF) {
			sources.sort(Comparator.comparingLong(ScoredSource::size)); // stable, as glibc's merge sort
		}
		ZSetValue result = ZSetValue.createSkiplist();
		long[] lengths = new long[2]; // the longest member, all members' bytes
		switch (op) {
			case INTER -> {
				long cardinality = intersect(sources, aggregate, cardinalityOnly, limit, result, lengths);
				if (cardinalityOnly) {
					out.integer(cardinality);
					return;
				}
			}
			case UNION -> unite(sources, aggregate, result, lengths);
			case DIFF -> subtract(sources, result, lengths);
		}
		if (destination != null) {
			store(db, destination, result, lengths, out);
			return;
		}
		ZSets.rangeHeader(out, result.size(), withScores);
		for (ZSetValue.Cursor c = result.all(false); c.valid(); c.advance()) {
			ZSets.rangeEntry(out, c.member(), c.score(), withScores);
		}
	}

	private long intersect(List<ScoredSource> sources, Aggregate aggregate, boolean cardinalityOnly, long limit,
			ZSetValue result, long[] lengths) {
		ScoredSource first = sources.get(0);
		long cardinality = 0;
		if (first.size() == 0) {
			return 0;
		}
		for (ScoredSource.Element e : first.elements()) {
			double score = weighted(first.weight, e.score());
			int j;
			for (j = 1; j < sources.size(); j++) {
				ScoredSource other = sources.get(j);
				double value;
				if (other.value == first.value) {
					value = e.score() * other.weight; // the same set given twice
				}
				else {
					double found = other.score(e.member());
					if (Double.isNaN(found)) {
						break;
					}
					value = found * other.weight;
				}
				score = aggregate(aggregate, score, value);
			}
			if (j == sources.size()) {
				if (cardinalityOnly) {
					cardinality++;
					if (limit != 0 && cardinality >= limit) {
						break;
					}
				}
				else {
					add(result, score, e.member(), lengths);
				}
			}
		}
		return cardinality;
	}

	private void unite(List<ScoredSource> sources, Aggregate aggregate, ZSetValue result, long[] lengths) {
		Map<ByteKey, double[]> accumulator = new LinkedHashMap<>();
		for (ScoredSource source : sources) {
			for (ScoredSource.Element e : source.elements()) {
				double score = weighted(source.weight, e.score());
				double[] existing = accumulator.get(new ByteKey(e.member()));
				if (existing == null) {
					accumulator.put(new ByteKey(e.member()), new double[] { score });
				}
				else {
					existing[0] = aggregate(aggregate, existing[0], score);
				}
			}
		}
		accumulator.forEach((member, score) -> add(result, score[0], member.bytes(), lengths));
	}

	private void subtract(List<ScoredSource> sources, ZSetValue result, long[] lengths) {
		ScoredSource first = sources.get(0);
		for (ScoredSource.Element e : first.elements()) {
			boolean elsewhere = false;
			for (int j = 1; j < sources.size() && !elsewhere; j++) {
				ScoredSource other = sources.get(j);
				elsewhere = other.value == first.value || !Double.isNaN(other.score(e.member()));
			}
			if (!elsewhere) {
				add(result, e.score(), e.member(), lengths);
			}
		}
	}

	private static void add(ZSetValue result, double score, byte[] member, long[] lengths) {
		result.add(score, member, 0, Long.MAX_VALUE, Long.MAX_VALUE);
		lengths[0] = Math.max(lengths[0], member.length);
		lengths[1] += member.length;
	}

	private static double weighted(double weight, double score) {
		double product = weight * score;
		return Double.isNaN(product) ? 0 : product;
	}

	/** zunionInterAggregate: a NaN sum (inf + -inf) counts as 0. */
	private static double aggregate(Aggregate aggregate, double target, double value) {
		return switch (aggregate) {
			case SUM -> {
				double sum = target + value;
				yield Double.isNaN(sum) ? 0 : sum;
			}
			case MIN -> value < target ? value : target;
			case MAX -> value > target ? value : target;
		};
	}

	/** The STORE forms: the result replaces the destination (back in a listpack if small), or an empty result deletes it. */
	private void store(Keyspace db, byte[] destination, ZSetValue result, long[] lengths, ReplyWriter out) {
		if (result.isEmpty()) {
			out.integer(0);
			db.delete(destination);
			return;
		}
		result.toListpackIfSmall(this.zsets.maxEntries(), this.zsets.maxValue(), lengths[0], lengths[1]);
		db.set(destination, result);
		out.integer(result.size());
	}

}
