package io.kvserver.compat.random;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.kvserver.compat.ReplyReader.End;
import io.kvserver.compat.ReplyReader.Outcome;
import io.kvserver.protocol.RespReply;
import io.kvserver.protocol.RespReplyReader;
import io.kvserver.support.RawConnection;

/**
 * Plays a run on Redis and kvserver side by side and finds the first reply that differs.
 *
 * Every play starts from the same place: fresh connections, FLUSHALL, the families' configuration
 * parameters at Redis's defaults, HELLO 3 on every connection of a RESP3 run. Consecutive commands
 * of one client marked pipelined go out in one write to each server, then the replies are read
 * and compared one by one under each command's {@link ReplyRule}. Replies to commands queued by
 * MULTI are compared when EXEC answers them, each element under its command's rule.
 */
public final class Replay {

	static final int CLIENTS = 2;

	private final Supplier<RawConnection> redis;

	private final Supplier<RawConnection> kvserver;

	private final Generators generators;

	public Replay(Supplier<RawConnection> redis, Supplier<RawConnection> kvserver, Generators generators) {
		this.redis = redis;
		this.kvserver = kvserver;
		this.generators = generators;
	}

	/**
	 * What a play found; and, to judge the generators, per command how often Redis answered with
	 * an error, and how often each command drew each error.
	 */
	public record Result(Difference difference, Map<String, int[]> replies, Map<String, Integer> errors) {
	}

	public Result play(RunPlan plan) {
		Map<String, int[]> replies = new TreeMap<>();
		Map<String, Integer> errors = new HashMap<>();
		try (Side r = new Side("redis", this.redis, CLIENTS); Side k = new Side("kvserver", this.kvserver, CLIENTS)) {
			prepare(plan, r, k);
			Difference difference = playCommands(plan.commands(), r, k, replies, errors);
			if (difference == null) {
				try (Side rs = new Side("redis", this.redis, 1); Side ks = new Side("kvserver", this.kvserver, 1)) {
					if (plan.resp3()) {
						hello3(rs, ks, 0);
					}
					difference = new FinalState(this.generators, plan.commands().size()).compare(rs, ks);
				}
				catch (IllegalStateException ex) {
					difference = new Difference(plan.commands().size(), "final state", "final state unreadable",
							ex.getMessage(), List.of());
				}
			}
			return new Result(difference, replies, errors);
		}
	}

	private void prepare(RunPlan plan, Side r, Side k) {
		for (Side side : List.of(r, k)) {
			expectOk(side, 0, "FLUSHALL");
			this.generators.configDefaults().forEach((name, value) -> expectOk(side, 0, "CONFIG", "SET", name, value));
		}
		if (plan.resp3()) {
			for (int client = 0; client < CLIENTS; client++) {
				hello3(r, k, client);
			}
		}
	}

	private static void hello3(Side r, Side k, int client) {
		for (Side side : List.of(r, k)) {
			RespReply hello = side.ask(client, List.of(Gen.bytes("HELLO"), Gen.bytes("3")));
			if (hello.type() != '%') {
				throw new IllegalStateException(side.name() + " refused HELLO 3: " + ReplyRules.show(hello));
			}
		}
	}

	private static void expectOk(Side side, int client, String... words) {
		List<byte[]> argv = Arrays.stream(words).map(Gen::bytes).toList();
		RespReply reply = side.ask(client, argv);
		if (!"OK".equals(reply.text())) {
			throw new IllegalStateException(side.name() + " refused " + String.join(" ", words) + " before the run: "
					+ ReplyRules.show(reply));
		}
	}

	private Difference playCommands(List<FuzzCommand> commands, Side r, Side k, Map<String, int[]> replies,
			Map<String, Integer> errors) {
		List<List<ReplyRule>> queued = new ArrayList<>();
		for (int client = 0; client < CLIENTS; client++) {
			queued.add(new ArrayList<>());
		}
		int i = 0;
		while (i < commands.size()) {
			int end = batchEnd(commands, i);
			int client = commands.get(i).client();
			for (Side side : List.of(r, k)) {
				side.send(client, frames(commands.subList(i, end)));
			}
			for (int j = i; j < end; j++) {
				FuzzCommand command = commands.get(j);
				Outcome ro = r.read(client);
				Outcome ko = k.read(client);
				count(replies, errors, command, ro);
				String detail = compare(command, ro, ko, r, k, queued.get(client));
				if (detail != null) {
					return new Difference(j, command.toString(), command.name(), detail, List.of());
				}
			}
			i = end;
		}
		return null;
	}

	/** The end (exclusive) of the batch starting at {@code start}: same client, pipelined, no follow-up asked. */
	private int batchEnd(List<FuzzCommand> commands, int start) {
		int end = start + 1;
		while (end < commands.size() && commands.get(end).pipelined()
				&& commands.get(end).client() == commands.get(start).client()
				&& !this.generators.rule(commands.get(end - 1).name()).asks()) {
			end++;
		}
		return end;
	}

	private static byte[] frames(List<FuzzCommand> batch) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		batch.forEach(c -> out.writeBytes(c.frame()));
		return out.toByteArray();
	}

	private static void count(Map<String, int[]> replies, Map<String, Integer> errors, FuzzCommand command,
			Outcome redisReply) {
		int[] counts = replies.computeIfAbsent(command.name(), n -> new int[2]);
		byte[] bytes = redisReply.bytes();
		boolean error = bytes.length > 0 && (bytes[0] == '-' || bytes[0] == '!');
		counts[error ? 1 : 0]++;
		if (error) {
			String text = new String(bytes, 0, Math.min(bytes.length, 60), StandardCharsets.ISO_8859_1).strip();
			errors.merge(command.name() + ": " + text, 1, Integer::sum);
		}
	}

	private String compare(FuzzCommand command, Outcome ro, Outcome ko, Side r, Side k, List<ReplyRule> queued) {
		if (ro.end() != End.COMPLETE || ko.end() != End.COMPLETE) {
			boolean same = ro.end() == ko.end() && Arrays.equals(ro.bytes(), ko.bytes());
			return same ? null : "the connection ended differently:\n    redis:    " + ro.show() + "\n    kvserver: " + ko.show();
		}
		RespReply rv = RespReplyReader.parse(ro.bytes());
		RespReply kv = RespReplyReader.parse(ko.bytes());
		if (rv == null || kv == null) {
			return Arrays.equals(ro.bytes(), ko.bytes()) ? null
					: "not one reply each:\n    redis:    " + ro.show() + "\n    kvserver: " + ko.show();
		}
		ReplyRule rule = this.generators.rule(command.name());
		ReplyRule.Servers servers = new BothServers(command, r, k);
		if (rv.type() == '+' && "QUEUED".equals(rv.line())) {
			queued.add(rule.inTransaction());
			return ReplyRules.EXACT.compare(rv, kv, servers);
		}
		if (isExec(command) && rv.type() == '*') {
			List<ReplyRule> rules = new ArrayList<>(queued);
			queued.clear();
			return compareExec(rv, kv, rules, servers);
		}
		if (isMulti(command) && "OK".equals(rv.text())) {
			queued.clear();
		}
		return compareOne(rule, rv, kv, servers);
	}

	/** EXEC's array element by element, each under the rule of the command queued in its place. */
	private static String compareExec(RespReply rv, RespReply kv, List<ReplyRule> rules, ReplyRule.Servers servers) {
		if (kv.type() != '*' || kv.children().size() != rv.children().size() || rules.size() != rv.children().size()) {
			return ReplyRules.EXACT.compare(rv, kv, servers);
		}
		for (int i = 0; i < rules.size(); i++) {
			String detail = compareOne(rules.get(i), rv.children().get(i), kv.children().get(i), servers);
			if (detail != null) {
				return "EXEC's element " + i + " " + detail;
			}
		}
		return null;
	}

	static String compareOne(ReplyRule rule, RespReply rv, RespReply kv, ReplyRule.Servers servers) {
		boolean error = rv.type() == '-' || rv.type() == '!' || kv.type() == '-' || kv.type() == '!';
		try {
			return (error ? ReplyRules.EXACT : rule).compare(rv, kv, servers);
		}
		catch (IllegalStateException ex) {
			return "a follow-up question of the reply rule failed: " + ex.getMessage() + "\n    redis:    "
					+ ReplyRules.show(rv) + "\n    kvserver: " + ReplyRules.show(kv);
		}
	}

	private static boolean isExec(FuzzCommand command) {
		return new String(command.argv().get(0), StandardCharsets.ISO_8859_1).equalsIgnoreCase("exec");
	}

	private static boolean isMulti(FuzzCommand command) {
		return new String(command.argv().get(0), StandardCharsets.ISO_8859_1).equalsIgnoreCase("multi");
	}

}
