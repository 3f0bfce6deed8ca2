package io.kvserver.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.kvserver.protocol.InlineSplitter;
import io.kvserver.security.AclRuleException.Reason;
import io.kvserver.util.GlobMatcher;

/**
 * One set of permissions of a user, as Redis 7.0's aclSelector: which commands (a bit per command
 * of the {@link AclCommandTable}, with first arguments allowed for otherwise blocked commands), which
 * keys (patterns with read/write flags) and which Pub/Sub channels. Every user has a root selector;
 * {@code (...)} rules add more, and a command runs if any selector allows it.
 */
final class Selector {

	static final int ROOT = 1;

	static final int ALL_KEYS = 2;

	static final int ALL_CHANNELS = 4;

	static final int ALL_COMMANDS = 8;

	private final AclCommandTable table;

	private int flags;

	private final BitSet commands;

	/** Redis's reserved last bit: set only by +@all, so that the user can run commands added later. */
	private boolean futureCommands;

	/** Command id -> first arguments allowed while the command's bit is clear; null until used. */
	private @Nullable Map<Integer, List<String>> firstArgs;

	private final List<KeyPattern> keys = new ArrayList<>();

	private final List<String> channels = new ArrayList<>();

	/**
	 * @param flags {@link #ROOT} or 0
	 * @param allChannelsByDefault acl-pubsub-default: whether a new selector may use every channel
	 */
	Selector(AclCommandTable table, int flags, boolean allChannelsByDefault) {
		this.table = table;
		this.flags = flags | (allChannelsByDefault ? ALL_CHANNELS : 0);
		this.commands = new BitSet(table.size());
	}

	private Selector(Selector source) {
		this.table = source.table;
		this.flags = source.flags;
		this.commands = (BitSet) source.commands.clone();
		this.futureCommands = source.futureCommands;
		if (source.firstArgs != null) {
			this.firstArgs = new LinkedHashMap<>();
			source.firstArgs.forEach((id, args) -> this.firstArgs.put(id, new ArrayList<>(args)));
		}
		this.keys.addAll(source.keys);
		this.channels.addAll(source.channels);
	}

	Selector copy() {
		return new Selector(this);
	}

	boolean isRoot() {
		return (this.flags & ROOT) != 0;
	}

	boolean allKeys() {
		return (this.flags & ALL_KEYS) != 0;
	}

	boolean allChannels() {
		return (this.flags & ALL_CHANNELS) != 0;
	}

	boolean futureCommands() {
		return this.futureCommands;
	}

	boolean unrestricted() {
		int all = ALL_COMMANDS | ALL_KEYS | ALL_CHANNELS;
		return (this.flags & all) == all;
	}

	/** A selector from "(rule rule ...)", as Redis's aclCreateSelectorFromOpSet. */
	static Selector fromOpSet(AclCommandTable table, String opset, boolean allChannelsByDefault)
			throws AclRuleException {
		Selector selector = new Selector(table, 0, allChannelsByDefault);
		byte[][] ops = InlineSplitter.split(opset.substring(1, opset.length() - 1).getBytes(StandardCharsets.ISO_8859_1));
		if (ops != null) {
			for (byte[] op : ops) {
				selector.apply(new String(op, StandardCharsets.ISO_8859_1));
			}
		}
		return selector;
	}

	/** One rule, as Redis's ACLSetSelector. */
	void apply(String op) throws AclRuleException {
		if (op.equalsIgnoreCase("allkeys") || op.equalsIgnoreCase("~*")) {
			this.flags |= ALL_KEYS;
			this.keys.clear();
		}
		else if (op.equalsIgnoreCase("resetkeys")) {
			this.flags &= ~ALL_KEYS;
			this.keys.clear();
		}
		else if (op.equalsIgnoreCase("allchannels") || op.equalsIgnoreCase("&*")) {
			this.flags |= ALL_CHANNELS;
			this.channels.clear();
		}
		else if (op.equalsIgnoreCase("resetchannels")) {
			this.flags &= ~ALL_CHANNELS;
			this.channels.clear();
		}
		else if (op.equalsIgnoreCase("allcommands") || op.equalsIgnoreCase("+@all")) {
			this.commands.set(0, this.table.size());
			this.futureCommands = true;
			this.flags |= ALL_COMMANDS;
			this.firstArgs = null;
		}
		else if (op.equalsIgnoreCase("nocommands") || op.equalsIgnoreCase("-@all")) {
			this.commands.clear();
			this.futureCommands = false;
			this.flags &= ~ALL_COMMANDS;
			this.firstArgs = null;
		}
		else if (op.startsWith("~") || op.startsWith("%")) {
			addKeyPattern(op);
		}
		else if (op.startsWith("&")) {
			if (allChannels()) {
				throw new AclRuleException(Reason.CHANNEL_AFTER_ALL);
			}
			String pattern = op.substring(1);
			if (hasSpaces(pattern)) {
				throw new AclRuleException(Reason.SYNTAX);
			}
			if (!this.channels.contains(pattern)) {
				this.channels.add(pattern);
			}
			this.flags &= ~ALL_CHANNELS;
		}
		else if (op.startsWith("+") && !op.startsWith("+@")) {
			allowCommand(op.substring(1));
		}
		else if (op.startsWith("-") && !op.startsWith("-@")) {
			change(command(op.substring(1)), false);
		}
		else if (op.startsWith("+@") || op.startsWith("-@")) {
			AclCategory category = AclCategory.named(op.substring(2));
			if (category == null) {
				throw new AclRuleException(Reason.UNKNOWN_NAME);
			}
			changeCategory(category, op.charAt(0) == '+');
		}
		else {
			throw new AclRuleException(Reason.SYNTAX);
		}
	}

	private void addKeyPattern(String op) throws AclRuleException {
		if (allKeys()) {
			throw new AclRuleException(Reason.KEY_AFTER_ALL);
		}
		int keyFlags = 0;
		int offset = 1;
		if (op.charAt(0) == '%') {
			for (; offset < op.length(); offset++) {
				char c = Character.toUpperCase(op.charAt(offset));
				if (c == 'R' && (keyFlags & KeyPattern.READ) == 0) {
					keyFlags |= KeyPattern.READ;
				}
				else if (c == 'W' && (keyFlags & KeyPattern.WRITE) == 0) {
					keyFlags |= KeyPattern.WRITE;
				}
				else if (op.charAt(offset) == '~') {
					offset++;
					break;
				}
				else {
					throw new AclRuleException(Reason.SYNTAX);
				}
			}
		}
		else {
			keyFlags = KeyPattern.ALL;
		}
		String pattern = op.substring(Math.min(offset, op.length()));
		if (hasSpaces(pattern) || keyFlags == 0) {
			throw new AclRuleException(Reason.SYNTAX);
		}
		for (int i = 0; i < this.keys.size(); i++) {
			if (this.keys.get(i).pattern().equals(pattern)) {
				this.keys.set(i, this.keys.get(i).with(keyFlags));
				this.flags &= ~ALL_KEYS;
				return;
			}
		}
		this.keys.add(new KeyPattern(pattern, keyFlags));
		this.flags &= ~ALL_KEYS;
	}

	/** +command, +container|sub, or +command|first-arg for a command without subcommands. */
	private void allowCommand(String name) throws AclRuleException {
		int bar = name.lastIndexOf('|');
		if (bar < 0) {
			change(command(name), true);
			return;
		}
		AclCommand command = command(name.substring(0, bar));
		String sub = name.substring(bar + 1);
		if (command.parent() != null) {
			throw new AclRuleException(Reason.FIRST_ARG_OF_SUBCOMMAND);
		}
		if (sub.isEmpty()) {
			throw new AclRuleException(Reason.SYNTAX);
		}
		if (!command.subcommands().isEmpty()) {
			change(command(name), true);
			return;
		}
		if (this.firstArgs == null) {
			this.firstArgs = new LinkedHashMap<>();
		}
		List<String> allowed = this.firstArgs.computeIfAbsent(command.id(), id -> new ArrayList<>());
		for (String existing : allowed) {
			if (existing.equalsIgnoreCase(sub)) {
				return;
			}
		}
		allowed.add(sub);
	}

	private AclCommand command(String name) throws AclRuleException {
		AclCommand command = this.table.lookup(name);
		if (command == null) {
			throw new AclRuleException(Reason.UNKNOWN_NAME);
		}
		return command;
	}

	/** Redis's ACLChangeSelectorPerm: the command's bit, and a container's subcommands' bits too. */
	void change(AclCommand command, boolean allow) {
		setBit(command.id(), allow);
		if (this.firstArgs != null) {
			this.firstArgs.remove(command.id());
		}
		for (AclCommand sub : command.subcommands()) {
			setBit(sub.id(), allow);
		}
	}

	private void setBit(int id, boolean allow) {
		this.commands.set(id, allow);
		if (!allow) {
			this.flags &= ~ALL_COMMANDS;
		}
	}

	void changeCategory(AclCategory category, boolean allow) {
		for (AclCommand command : this.table.commands()) {
			if (command.in(category)) {
				change(command, allow);
			}
			for (AclCommand sub : command.subcommands()) {
				if (sub.in(category)) {
					change(sub, allow);
				}
			}
		}
	}

	boolean allows(AclCommand command) {
		return this.commands.get(command.id());
	}

	/** {on, off}: commands of the category this selector allows and does not. */
	private int[] countCategory(AclCategory category) {
		int[] onOff = new int[2];
		for (AclCommand command : this.table.commands()) {
			count(command, category, onOff);
			for (AclCommand sub : command.subcommands()) {
				count(sub, category, onOff);
			}
		}
		return onOff;
	}

	private void count(AclCommand command, AclCategory category, int[] onOff) {
		if (command.in(category)) {
			onOff[allows(command) ? 0 : 1]++;
		}
	}

	/**
	 * Redis's ACLDescribeSelectorCommandRules: +@all or -@all, then the categories that best fit the
	 * bits, then single commands for what is still different, and first arguments.
	 */
	String describeCommands() {
		StringBuilder rules = new StringBuilder();
		boolean additive = !this.futureCommands;
		Selector fake = new Selector(this.table, 0, false);
		if (additive) {
			rules.append("-@all ");
		}
		else {
			rules.append("+@all ");
			fake.commands.set(0, this.table.size());
			fake.futureCommands = true;
		}
		Selector temp = new Selector(this.table, 0, false);
		temp.commands.or(this.commands);
		boolean[] applied = new boolean[AclCategory.values().length];
		while (true) {
			int best = -1;
			long minDiff = Integer.MAX_VALUE;
			long maxSame = 0;
			for (AclCategory category : AclCategory.values()) {
				if (applied[category.ordinal()]) {
					continue;
				}
				int[] onOff = temp.countCategory(category);
				long diff = additive ? onOff[1] : onOff[0];
				long same = additive ? onOff[0] : onOff[1];
				if (same > diff && (diff < minDiff || (diff == minDiff && same > maxSame))) {
					best = category.ordinal();
					minDiff = diff;
					maxSame = same;
				}
			}
			if (best == -1) {
				break;
			}
			AclCategory category = AclCategory.values()[best];
			fake.changeCategory(category, additive);
			temp.changeCategory(category, !additive);
			rules.append(additive ? "+@" : "-@").append(category.redisName()).append(' ');
			applied[best] = true;
		}
		for (AclCommand command : this.table.commands()) {
			describeSingle(command, fake, rules);
		}
		rules.setLength(rules.length() - 1);
		if (!fake.commands.equals(this.commands)) {
			throw new IllegalStateException("ACL rules do not rebuild the selector's commands: " + rules);
		}
		return rules.toString();
	}

	private void describeSingle(AclCommand command, Selector fake, StringBuilder rules) {
		boolean userBit = allows(command);
		if (userBit != fake.allows(command)) {
			rules.append(userBit ? '+' : '-').append(command.fullName()).append(' ');
			fake.change(command, userBit);
		}
		for (AclCommand sub : command.subcommands()) {
			describeSingle(sub, fake, rules);
		}
		List<String> args = this.firstArgs != null ? this.firstArgs.get(command.id()) : null;
		if (!userBit && args != null) {
			for (String arg : args) {
				rules.append('+').append(command.fullName()).append('|').append(arg).append(' ');
			}
		}
	}

	/** Key patterns as ACL GETUSER's "keys" shows them. */
	String describeKeys() {
		if (allKeys()) {
			return "~*";
		}
		StringBuilder out = new StringBuilder();
		for (KeyPattern pattern : this.keys) {
			if (!out.isEmpty()) {
				out.append(' ');
			}
			out.append(pattern.describe());
		}
		return out.toString();
	}

	/** Channel patterns as ACL GETUSER's "channels" shows them. */
	String describeChannels() {
		if (allChannels()) {
			return "&*";
		}
		StringBuilder out = new StringBuilder();
		for (String channel : this.channels) {
			if (!out.isEmpty()) {
				out.append(' ');
			}
			out.append('&').append(channel);
		}
		return out.toString();
	}

	/** Redis's ACLDescribeSelector: keys, channels, then command rules, as in ACL LIST. */
	String describe() {
		StringBuilder out = new StringBuilder();
		if (allKeys()) {
			out.append("~* ");
		}
		else {
			this.keys.forEach(pattern -> out.append(pattern.describe()).append(' '));
		}
		if (allChannels()) {
			out.append("&* ");
		}
		else {
			out.append("resetchannels ");
			this.channels.forEach(channel -> out.append('&').append(channel).append(' '));
		}
		return out.append(describeCommands()).toString();
	}

	/**
	 * Redis's ACLSelectorCheckCmd for the command part: whether this selector lets it run with
	 * these arguments (the first argument, for a command allowed only with some).
	 */
	boolean allowsCommand(AclCommand command, byte[][] argv) {
		if ((this.flags & ALL_COMMANDS) != 0 || command.noAuth() || allows(command)) {
			return true;
		}
		List<String> args = this.firstArgs != null ? this.firstArgs.get(command.id()) : null;
		if (argv.length < 2 || args == null) {
			return false;
		}
		int index = command.parent() != null ? 2 : 1;
		if (index >= argv.length) {
			return false;
		}
		String first = new String(argv[index], StandardCharsets.ISO_8859_1);
		for (String arg : args) {
			if (arg.equalsIgnoreCase(first)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Redis's ACLSelectorCheckKey.
	 * @param read whether the command reads the key (CMD_KEY_ACCESS)
	 * @param write whether it writes it (insert, delete or update)
	 */
	boolean allowsKey(byte[] key, boolean read, boolean write) {
		if (allKeys()) {
			return true;
		}
		int wanted = (read ? KeyPattern.READ : 0) | (write ? KeyPattern.WRITE : 0);
		for (KeyPattern pattern : this.keys) {
			if ((pattern.flags() & wanted) != wanted) {
				continue;
			}
			if (GlobMatcher.matches(pattern.pattern().getBytes(StandardCharsets.ISO_8859_1), key)) {
				return true;
			}
		}
		return false;
	}

	/** Redis's ACLSelectorHasUnrestrictedKeyAccess: a pattern "*" with the access asked for. */
	boolean allowsEveryKey(boolean read, boolean write) {
		if (allKeys()) {
			return true;
		}
		int wanted = (read ? KeyPattern.READ : 0) | (write ? KeyPattern.WRITE : 0);
		for (KeyPattern pattern : this.keys) {
			if ((pattern.flags() & wanted) == wanted && pattern.pattern().equals("*")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Redis's ACLCheckChannelAgainstList: a channel name matches the patterns; a pattern (PSUBSCRIBE)
	 * must equal one of them literally.
	 */
	boolean allowsChannel(byte[] channel, boolean isPattern) {
		if (allChannels()) {
			return true;
		}
		for (String pattern : this.channels) {
			byte[] bytes = pattern.getBytes(StandardCharsets.ISO_8859_1);
			if (isPattern ? java.util.Arrays.equals(bytes, channel) : GlobMatcher.matches(bytes, channel)) {
				return true;
			}
		}
		return false;
	}

	List<String> channels() {
		return this.channels;
	}

	/** Redis's ACLStringHasSpaces: whitespace (C isspace) or NUL. */
	static boolean hasSpaces(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f' || c == 0) {
				return true;
			}
		}
		return false;
	}

}
