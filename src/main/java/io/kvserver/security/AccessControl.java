package io.kvserver.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Redis 7.0's ACL users (acl.c): the default user and the others, in name order; the rules that
 * change them; and the permission check run before every command. Users are changed in place, under
 * the database lock like every command, so a session's user sees every change at once.
 */
public final class AccessControl {

	public static final String DEFAULT_USER = "default";

	private final AclCommandTable table;

	private final BooleanSupplier allChannelsByDefault;

	/** By name, in byte order as Redis's rax keeps them (ISO-8859-1 chars compare as unsigned bytes). */
	private final Map<String, User> users = new TreeMap<>();

	private final User defaultUser;

	/**
	 * @param allChannelsByDefault acl-pubsub-default: whether new users and selectors may use every channel
	 */
	public AccessControl(AclCommandTable table, BooleanSupplier allChannelsByDefault) {
		this.table = table;
		this.allChannelsByDefault = allChannelsByDefault;
		this.defaultUser = createDefaultUser();
		this.users.put(DEFAULT_USER, this.defaultUser);
	}

	private User createDefaultUser() {
		User user = new User(DEFAULT_USER, this.table, this.allChannelsByDefault.getAsBoolean());
		try {
			for (String op : List.of("+@all", "~*", "&*", "on", "nopass")) {
				user.apply(op, false);
			}
		}
		catch (AclRuleException ex) {
			throw new IllegalStateException(ex);
		}
		return user;
	}

	public AclCommandTable commands() {
		return this.table;
	}

	public User defaultUser() {
		return this.defaultUser;
	}

	public @Nullable User user(String name) {
		return this.users.get(name);
	}

	public @Nullable User user(byte[] name) {
		return this.users.get(new String(name, StandardCharsets.ISO_8859_1));
	}

	/** Every user, in name order. */
	public Collection<User> users() {
		return Collections.unmodifiableCollection(this.users.values());
	}

	/**
	 * Whether a client must authenticate before anything else: the default user has a password, or
	 * is off (Redis's authRequired, for a client that has not authenticated).
	 */
	public boolean authRequired() {
		return !this.defaultUser.noPassword() || !this.defaultUser.enabled();
	}

	/** Whether a new connection starts authenticated as the default user (nopass and on). */
	public boolean newClientsAuthenticated() {
		return this.defaultUser.noPassword() && this.defaultUser.enabled();
	}

	/** The user this name and password open, or null (unknown user, off, or a wrong password). */
	public @Nullable User authenticate(byte[] username, byte[] password) {
		User user = user(username);
		return user != null && user.accepts(password) ? user : null;
	}

	/**
	 * ACL SETUSER: the rules applied all or none (on a staged copy), creating the user if needed.
	 * @return null if applied, else Redis's error text (without "ERR ")
	 */
	public @Nullable String setUser(String name, List<String> rules) {
		List<String> merged = mergeSelectors(rules);
		if (merged == null) {
			return "Unmatched parenthesis in acl selector starting at '" + unmatched(rules) + "'.";
		}
		User existing = this.users.get(name);
		User staged = existing != null ? existing.copy() : new User(name, this.table, this.allChannelsByDefault.getAsBoolean());
		for (String rule : merged) {
			try {
				staged.apply(rule, this.allChannelsByDefault.getAsBoolean());
			}
			catch (AclRuleException ex) {
				return "Error in ACL SETUSER modifier '" + rule + "': " + ex.getMessage();
			}
		}
		if (existing != null) {
			existing.copyFrom(staged);
		}
		else {
			this.users.put(name, staged);
		}
		return null;
	}

	/**
	 * Redis's ACLMergeSelectorArguments: "(~key" "+get)" become one "(~key +get)" rule; null if a
	 * parenthesis is left open.
	 */
	public static @Nullable List<String> mergeSelectors(List<String> rules) {
		List<String> merged = new ArrayList<>();
		StringBuilder open = null;
		for (String rule : rules) {
			if (open == null && rule.startsWith("(") && !rule.endsWith(")")) {
				open = new StringBuilder(rule);
				continue;
			}
			if (open != null) {
				open.append(' ').append(rule);
				if (rule.endsWith(")")) {
					merged.add(open.toString());
					open = null;
				}
				continue;
			}
			merged.add(rule);
		}
		return open == null ? merged : null;
	}

	private static String unmatched(List<String> rules) {
		return rules.get(openSelectorIndex(rules));
	}

	/**
	 * Checks the rules of a {@code user} line of the config file on a throwaway user, as Redis's
	 * ACLAppendUserForLoading: unknown commands and categories pass here (Redis reports them when it
	 * loads the users).
	 * @param args the line's arguments after "user": the name, then the rules
	 * @return null, or Redis's "Error in user declaration" text
	 */
	public @Nullable String checkUserLine(List<String> args) {
		List<String> rules = args.subList(1, args.size());
		List<String> merged = mergeSelectors(rules);
		if (merged == null) {
			// Redis reports a stale errno here; redis-server 7.0.15 printed this reason in our runs
			return userDeclarationError(args, openSelectorIndex(rules), AclRuleException.Reason.UNKNOWN_NAME.text());
		}
		User fake = newUser("__fakeuser:0__");
		for (int j = 0; j < merged.size(); j++) {
			try {
				apply(fake, merged.get(j));
			}
			catch (AclRuleException ex) {
				if (ex.reason() != AclRuleException.Reason.UNKNOWN_NAME) {
					return userDeclarationError(args, j, ex.getMessage());
				}
			}
		}
		return null;
	}

	/**
	 * Redis names the argument at the failing rule's index into the whole line ("user", the name,
	 * the rules), not the rule itself: a quirk kept so the report is the same.
	 */
	private static String userDeclarationError(List<String> args, int index, String reason) {
		String named = index == 0 ? "user" : args.get(Math.min(index - 1, args.size() - 1));
		return "Error in user declaration '" + named + "': " + reason;
	}

	private static int openSelectorIndex(List<String> rules) {
		int open = -1;
		for (int i = 0; i < rules.size(); i++) {
			String rule = rules.get(i);
			if (open < 0 && rule.startsWith("(") && !rule.endsWith(")")) {
				open = i;
			}
			else if (open >= 0 && rule.endsWith(")")) {
				open = -1;
			}
		}
		return open;
	}

	/** ACL DELUSER: the users removed (never the default user; the caller refuses that first). */
	public List<User> delete(List<String> names) {
		List<User> removed = new ArrayList<>();
		for (String name : names) {
			User user = this.users.remove(name);
			if (user != null) {
				removed.add(user);
			}
		}
		return removed;
	}

	/** requirepass: the default user gets this one password, or none (nopass) when null. */
	public void setDefaultPassword(@Nullable String password) {
		try {
			this.defaultUser.apply("resetpass", false);
			this.defaultUser.apply(password == null ? "nopass" : ">" + password, false);
		}
		catch (AclRuleException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Replaces every user at once (ACL LOAD, or users read at start); the default user object stays
	 * the same, taking the new default's rules (or the built-in ones if the new set has none).
	 */
	public void replaceAll(Map<String, User> loaded) {
		User newDefault = loaded.get(DEFAULT_USER);
		this.defaultUser.copyFrom(newDefault != null ? newDefault : createDefaultUser());
		this.users.clear();
		this.users.putAll(loaded);
		this.users.put(DEFAULT_USER, this.defaultUser);
	}

	/** A user for a load that may still be abandoned: not registered until {@link #replaceAll}. */
	public User newUser(String name) {
		return new User(name, this.table, this.allChannelsByDefault.getAsBoolean());
	}

	/** One rule on a user not yet registered (loading). */
	public void apply(User user, String rule) throws AclRuleException {
		user.apply(rule, this.allChannelsByDefault.getAsBoolean());
	}

	/**
	 * Redis's ACLCheckAllUserCommandPerm: allowed if any selector allows the command and all its keys
	 * and channels; otherwise the most relevant refusal (a command refusal unless some selector got
	 * past the command, then the last key or channel no selector allowed).
	 * @return null if allowed
	 */
	public @Nullable AclDenial check(User user, AccessRequest request) {
		AclDenial relevant = null;
		for (Selector selector : user.selectors()) {
			AclDenial denial = check(selector, request);
			if (denial == null) {
				return null;
			}
			if (relevant == null || denial.reason().compareTo(relevant.reason()) > 0
					|| (denial.reason() == relevant.reason() && denial.argIndex() > relevant.argIndex())) {
				relevant = denial;
			}
		}
		return relevant;
	}

	private static @Nullable AclDenial check(Selector selector, AccessRequest request) {
		if (!selector.allowsCommand(request.command(), request.argv())) {
			return new AclDenial(AclDenial.Reason.COMMAND, 0);
		}
		if (!selector.allKeys()) {
			for (AccessRequest.KeyRef key : request.keys()) {
				if (!selector.allowsKey(request.argv()[key.index()], key.read(), key.write())) {
					return new AclDenial(AclDenial.Reason.KEY, key.index());
				}
			}
		}
		if (!selector.allChannels()) {
			for (AccessRequest.ChannelRef channel : request.channels()) {
				if (!selector.allowsChannel(request.argv()[channel.index()], channel.pattern())) {
					return new AclDenial(AclDenial.Reason.CHANNEL, channel.index());
				}
			}
		}
		return null;
	}

	/**
	 * Redis's ACLUserCheckCmdWithUnrestrictedKeyAccess: a selector allows the command and has access
	 * to every key (commands such as SCAN or KEYS that touch keys no argument names).
	 */
	public boolean allowsOnEveryKey(User user, AccessRequest request, boolean read, boolean write) {
		for (Selector selector : user.selectors()) {
			if (check(selector, request) == null && selector.allowsEveryKey(read, write)) {
				return true;
			}
		}
		return false;
	}

	/** Whether a selector of the user may run commands added after its rules (its rules began with +@all). */
	public boolean allowsCommandsAddedLater(User user) {
		return user.selectors().stream().anyMatch(Selector::futureCommands);
	}

	/** Redis's ACLUserCheckChannelPerm. */
	public boolean allowsChannel(User user, byte[] channel, boolean isPattern) {
		for (Selector selector : user.selectors()) {
			if (selector.allowsChannel(channel, isPattern)) {
				return true;
			}
		}
		return false;
	}

	/** Redis's ACLUserCheckKeyPerm. */
	public boolean allowsKey(User user, byte[] key, boolean read, boolean write) {
		for (Selector selector : user.selectors()) {
			if (selector.allowsKey(key, read, write)) {
				return true;
			}
		}
		return false;
	}

	/** ACL GETUSER's per-selector fields: commands, keys, channels. */
	public static List<String> describe(User user, boolean root, int selectorIndex) {
		Selector selector = root ? user.root() : user.selectors().get(selectorIndex + 1);
		return List.of(selector.describeCommands(), selector.describeKeys(), selector.describeChannels());
	}

	public static int extraSelectors(User user) {
		return user.selectors().size() - 1;
	}

	public static List<String> flags(User user) {
		return user.flagNames();
	}

	public static List<String> passwordHashes(User user) {
		return List.copyOf(user.passwords());
	}

}
