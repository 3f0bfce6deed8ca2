package io.kvserver.command;

/**
 * The options of SET, parsed with the exact precedence rules of Redis's
 * {@code parseExtendedStringArgumentsOrReply}: each option is accepted only if it does not clash
 * with one already seen, otherwise the whole command is a syntax error.
 */
record SetOptions(boolean nx, boolean xx, boolean get, boolean keepTtl, Unit unit, byte[] expire) {

	static final long NO_EXPIRY = Long.MIN_VALUE;

	enum Unit {
		EX, PX, EXAT, PXAT
	}

	static SetOptions parse(byte[][] argv, int from) {
		boolean nx = false;
		boolean xx = false;
		boolean get = false;
		boolean keepTtl = false;
		Unit unit = null;
		byte[] expire = null;
		for (int j = from; j < argv.length; j++) {
			byte[] opt = argv[j];
			boolean hasNext = j < argv.length - 1;
			if (Args.is(opt, "NX") && !xx) {
				nx = true;
			}
			else if (Args.is(opt, "XX") && !nx) {
				xx = true;
			}
			else if (Args.is(opt, "GET")) {
				get = true;
			}
			else if (Args.is(opt, "KEEPTTL") && unit == null) {
				keepTtl = true;
			}
			else if (!keepTtl && hasNext && expiryUnit(opt) != null && (unit == null || unit == expiryUnit(opt))) {
				// Redis lets the same expiry option repeat (the last one wins) but not two different ones.
				unit = expiryUnit(opt);
				expire = argv[++j];
			}
			else {
				throw new CommandException(CommandException.SYNTAX);
			}
		}
		return new SetOptions(nx, xx, get, keepTtl, unit, expire);
	}

	private static Unit expiryUnit(byte[] opt) {
		for (Unit u : Unit.values()) {
			if (Args.is(opt, u.name())) {
				return u;
			}
		}
		return null;
	}

	/**
	 * The absolute deadline in Unix milliseconds, or {@link #NO_EXPIRY}. Rejects what Redis's
	 * {@code getExpireMillisecondsOrReply} rejects: non-integers, values &lt;= 0 and overflow.
	 */
	long expireAtMillis(long nowMillis, String commandName) {
		if (this.unit == null) {
			return NO_EXPIRY;
		}
		long value = Args.parseLong(this.expire);
		boolean seconds = this.unit == Unit.EX || this.unit == Unit.EXAT;
		if (value <= 0 || (seconds && value > Long.MAX_VALUE / 1000)) {
			throw invalidExpireTime(commandName);
		}
		if (seconds) {
			value *= 1000;
		}
		if (this.unit == Unit.EX || this.unit == Unit.PX) {
			value += nowMillis;
		}
		if (value <= 0) {
			throw invalidExpireTime(commandName);
		}
		return value;
	}

	static CommandException invalidExpireTime(String commandName) {
		return new CommandException("ERR invalid expire time in '" + commandName + "' command");
	}

}
