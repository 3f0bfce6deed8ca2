package io.kvserver.command.strings;

import io.kvserver.command.Args;
import io.kvserver.command.CommandException;

/**
 * The options of SET and GETEX, parsed with the exact precedence rules of Redis's
 * {@code parseExtendedStringArgumentsOrReply}: each option is accepted only if it does not clash
 * with one already seen and belongs to the command, otherwise the whole command is a syntax error.
 */
record SetOptions(boolean nx, boolean xx, boolean get, boolean keepTtl, boolean persist, Unit unit, byte[] expire) {

	static final long NO_EXPIRY = Long.MIN_VALUE;

	enum Unit {
		EX, PX, EXAT, PXAT
	}

	/** SET key value [NX | XX] [GET] [EX | PX | EXAT | PXAT time | KEEPTTL], options from {@code from}. */
	static SetOptions parse(byte[][] argv, int from) {
		return parse(argv, from, false);
	}

	/** GETEX key [EX | PX | EXAT | PXAT time | PERSIST]. */
	static SetOptions parseGetEx(byte[][] argv) {
		return parse(argv, 2, true);
	}

	private static SetOptions parse(byte[][] argv, int from, boolean getEx) {
		boolean set = !getEx;
		boolean nx = false;
		boolean xx = false;
		boolean get = false;
		boolean keepTtl = false;
		boolean persist = false;
		Unit unit = null;
		byte[] expire = null;
		for (int j = from; j < argv.length; j++) {
			byte[] opt = argv[j];
			boolean hasNext = j < argv.length - 1;
			if (set && Args.is(opt, "NX") && !xx) {
				nx = true;
			}
			else if (set && Args.is(opt, "XX") && !nx) {
				xx = true;
			}
			else if (set && Args.is(opt, "GET")) {
				get = true;
			}
			else if (set && Args.is(opt, "KEEPTTL") && unit == null) {
				keepTtl = true;
			}
			else if (getEx && Args.is(opt, "PERSIST") && unit == null) {
				persist = true;
			}
			else if (!keepTtl && !persist && hasNext && expiryUnit(opt) != null
					&& (unit == null || unit == expiryUnit(opt))) {
				// Redis lets the same expiry option repeat (the last one wins) but not two different ones.
				unit = expiryUnit(opt);
				expire = argv[++j];
			}
			else {
				throw new CommandException(CommandException.SYNTAX);
			}
		}
		return new SetOptions(nx, xx, get, keepTtl, persist, unit, expire);
	}

	private static Unit expiryUnit(byte[] opt) {
		for (Unit u : Unit.values()) {
			if (Args.is(opt, u.name())) {
				return u;
			}
		}
		return null;
	}

	/** EXAT and PXAT name an absolute time, which may already have passed. */
	boolean absolute() {
		return this.unit == Unit.EXAT || this.unit == Unit.PXAT;
	}

	/**
	 * The absolute deadline in Unix milliseconds, or {@link #NO_EXPIRY}. Rejects what Redis's
	 * {@code getExpireMillisecondsOrReply} rejects: non-integers, values &lt;= 0 and overflow.
	 */
	long expireAtMillis(long nowMillis, String commandName) {
		if (this.unit == null) {
			return NO_EXPIRY;
		}
		return expireAtMillis(this.expire, this.unit, nowMillis, commandName);
	}

	/** The same rules for a time given on its own, as SETEX and PSETEX take it. */
	static long expireAtMillis(byte[] time, Unit unit, long nowMillis, String commandName) {
		long value = Args.parseLong(time);
		boolean seconds = unit == Unit.EX || unit == Unit.EXAT;
		if (value <= 0 || (seconds && value > Long.MAX_VALUE / 1000)) {
			throw CommandException.invalidExpireTime(commandName);
		}
		if (seconds) {
			value *= 1000;
		}
		if (unit == Unit.EX || unit == Unit.PX) {
			value += nowMillis;
		}
		if (value <= 0) {
			throw CommandException.invalidExpireTime(commandName);
		}
		return value;
	}


}
