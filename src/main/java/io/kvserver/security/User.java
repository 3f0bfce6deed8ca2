package io.kvserver.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.kvserver.security.AclRuleException.Reason;

/**
 * An ACL user, as Redis 7.0's: on or off, passwords kept as SHA-256 hex digests (or nopass), and
 * selectors, the root one first. Changed in place (sessions hold the object), under the database lock
 * like every command; the flags are also read by the accepting thread (protected mode), so they are
 * volatile.
 */
public final class User {

	static final int ENABLED = 1;

	static final int DISABLED = 2;

	static final int NOPASS = 4;

	static final int SKIP_SANITIZE_PAYLOAD = 8;

	static final int SANITIZE_PAYLOAD = 16;

	/** The flags in the order ACL LIST and ACL GETUSER show them. */
	private static final String[] FLAG_NAMES = { "on", "off", "nopass", "skip-sanitize-payload", "sanitize-payload" };

	private static final int[] FLAG_BITS = { ENABLED, DISABLED, NOPASS, SKIP_SANITIZE_PAYLOAD, SANITIZE_PAYLOAD };

	private final String name;

	private final AclCommandTable table;

	private volatile int flags = DISABLED;

	private final Set<String> passwords = new LinkedHashSet<>();

	private final List<Selector> selectors = new ArrayList<>();

	/** What ACL LIST shows, built on first use after each change (Redis's acl_string). */
	private String description;

	/** Whether one selector allows every command, key and channel; null until asked after a change. */
	private Boolean unrestricted;

	User(String name, AclCommandTable table, boolean allChannelsByDefault) {
		this.name = name;
		this.table = table;
		this.selectors.add(new Selector(table, Selector.ROOT, allChannelsByDefault));
	}

	public String name() {
		return this.name;
	}

	public boolean enabled() {
		return (this.flags & DISABLED) == 0;
	}

	/** Whether any password works (the flag nopass). */
	public boolean noPassword() {
		return (this.flags & NOPASS) != 0;
	}

	Selector root() {
		return this.selectors.get(0);
	}

	List<Selector> selectors() {
		return this.selectors;
	}

	Set<String> passwords() {
		return this.passwords;
	}

	/** An unlinked copy, to stage rules on before they all apply (Redis's ACLCreateUnlinkedUser + ACLCopyUser). */
	User copy() {
		User copy = new User(this.name, this.table, false);
		copy.copyFrom(this);
		return copy;
	}

	/** Becomes {@code source}, keeping its own name. */
	void copyFrom(User source) {
		this.flags = source.flags;
		this.passwords.clear();
		this.passwords.addAll(source.passwords);
		this.selectors.clear();
		source.selectors.forEach(selector -> this.selectors.add(selector.copy()));
		this.description = null;
		this.unrestricted = null;
	}

	/**
	 * Whether some selector allows every command, key and channel, so that checking a command costs
	 * nothing more (the default user, and anyone with "+@all ~* &*").
	 */
	public boolean unrestricted() {
		Boolean known = this.unrestricted;
		if (known == null) {
			known = this.selectors.stream().anyMatch(Selector::unrestricted);
			this.unrestricted = known;
		}
		return known;
	}

	/**
	 * One rule, as Redis's ACLSetUser: flags, passwords, selectors, or a root-selector rule.
	 * @param allChannelsByDefault acl-pubsub-default, for "reset" and new selectors
	 */
	void apply(String op, boolean allChannelsByDefault) throws AclRuleException {
		this.description = null;
		this.unrestricted = null;
		if (op.isEmpty()) {
			return;
		}
		if (op.equalsIgnoreCase("on")) {
			this.flags = (this.flags | ENABLED) & ~DISABLED;
		}
		else if (op.equalsIgnoreCase("off")) {
			this.flags = (this.flags | DISABLED) & ~ENABLED;
		}
		else if (op.equalsIgnoreCase("skip-sanitize-payload")) {
			this.flags = (this.flags | SKIP_SANITIZE_PAYLOAD) & ~SANITIZE_PAYLOAD;
		}
		else if (op.equalsIgnoreCase("sanitize-payload")) {
			this.flags = (this.flags | SANITIZE_PAYLOAD) & ~SKIP_SANITIZE_PAYLOAD;
		}
		else if (op.equalsIgnoreCase("nopass")) {
			this.flags |= NOPASS;
			this.passwords.clear();
		}
		else if (op.equalsIgnoreCase("resetpass")) {
			this.flags &= ~NOPASS;
			this.passwords.clear();
		}
		else if (op.charAt(0) == '>' || op.charAt(0) == '#') {
			this.passwords.add(op.charAt(0) == '>' ? hash(op.substring(1)) : checkedHash(op.substring(1)));
			this.flags &= ~NOPASS;
		}
		else if (op.charAt(0) == '<' || op.charAt(0) == '!') {
			String hash = op.charAt(0) == '<' ? hash(op.substring(1)) : checkedHash(op.substring(1));
			if (!this.passwords.remove(hash)) {
				throw new AclRuleException(Reason.NO_SUCH_PASSWORD);
			}
		}
		else if (op.charAt(0) == '(' && op.charAt(op.length() - 1) == ')') {
			this.selectors.add(Selector.fromOpSet(this.table, op, allChannelsByDefault));
		}
		else if (op.equalsIgnoreCase("clearselectors")) {
			this.selectors.subList(1, this.selectors.size()).clear();
		}
		else if (op.equalsIgnoreCase("reset")) {
			apply("resetpass", allChannelsByDefault);
			apply("resetkeys", allChannelsByDefault);
			apply("resetchannels", allChannelsByDefault);
			if (allChannelsByDefault) {
				apply("allchannels", allChannelsByDefault);
			}
			apply("off", allChannelsByDefault);
			apply("sanitize-payload", allChannelsByDefault);
			apply("clearselectors", allChannelsByDefault);
			apply("-@all", allChannelsByDefault);
		}
		else {
			root().apply(op);
		}
	}

	/** Whether this password opens this user: Redis's ACLCheckUserCredentials, without the user lookup. */
	boolean accepts(byte[] password) {
		if (!enabled()) {
			return false;
		}
		if (noPassword()) {
			return true;
		}
		byte[] hashed = hash(password).getBytes(StandardCharsets.US_ASCII);
		boolean matched = false;
		for (String stored : this.passwords) {
			// compares every stored digest in full, so the time taken tells nothing about the password
			matched |= MessageDigest.isEqual(hashed, stored.getBytes(StandardCharsets.US_ASCII));
		}
		return matched;
	}

	/** The flag names set, in Redis's order. */
	List<String> flagNames() {
		List<String> names = new ArrayList<>();
		int current = this.flags;
		for (int i = 0; i < FLAG_BITS.length; i++) {
			if ((current & FLAG_BITS[i]) != 0) {
				names.add(FLAG_NAMES[i]);
			}
		}
		return names;
	}

	/** Redis's ACLDescribeUser: flags, #password hashes, the root selector, then each (selector). */
	public String describe() {
		if (this.description == null) {
			StringBuilder out = new StringBuilder();
			flagNames().forEach(flag -> out.append(flag).append(' '));
			this.passwords.forEach(hash -> out.append('#').append(hash).append(' '));
			for (Selector selector : this.selectors) {
				if (selector.isRoot()) {
					out.append(selector.describe());
				}
				else {
					out.append(" (").append(selector.describe()).append(')');
				}
			}
			this.description = out.toString();
		}
		return this.description;
	}

	/** SHA-256 of the password, in lower-case hex, as Redis stores passwords. */
	static String hash(String password) {
		return hash(password.getBytes(StandardCharsets.ISO_8859_1));
	}

	static String hash(byte[] password) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

	private static String checkedHash(String hash) throws AclRuleException {
		if (hash.length() != 64) {
			throw new AclRuleException(Reason.BAD_HASH);
		}
		for (int i = 0; i < hash.length(); i++) {
			char c = hash.charAt(i);
			if ((c < 'a' || c > 'f') && (c < '0' || c > '9')) {
				throw new AclRuleException(Reason.BAD_HASH);
			}
		}
		return hash;
	}

	@Override
	public String toString() {
		return this.name;
	}

}
