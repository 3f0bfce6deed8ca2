package io.kvserver.security;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * ACL LOG: the most recent refusals, newest first. A refusal like one of the last ten (same
 * reason, context, object and user, within 60 seconds) bumps that entry's count and moves it to the
 * front instead of adding one, as Redis's addACLLogEntry does. Used under the database lock.
 */
public final class AclLog {

	private static final long GROUPING_MILLIS = 60_000;

	private static final int ENTRIES_SCANNED = 10;

	/**
	 * One entry.
	 * @param context "toplevel", "multi", "lua" or "module"
	 * @param object the command, key or channel refused, or for AUTH the command name
	 * @param clientInfo CLIENT INFO's line for the client (the last one, for a grouped entry)
	 */
	public record Entry(long count, AclDenial.Reason reason, String context, String object, String username,
			long createdMillis, String clientInfo) {
	}

	private final LinkedList<Entry> entries = new LinkedList<>();

	private final LongSupplier clock;

	public AclLog(LongSupplier clock) {
		this.clock = clock;
	}

	/** @param maxLength acllog-max-len: the oldest entries beyond it are dropped */
	public void add(AclDenial.Reason reason, String context, String object, String username, String clientInfo,
			long maxLength) {
		long now = this.clock.getAsLong();
		Iterator<Entry> it = this.entries.iterator();
		for (int scanned = 0; scanned < ENTRIES_SCANNED && it.hasNext(); scanned++) {
			Entry old = it.next();
			if (old.reason() == reason && old.context().equals(context)
					&& Math.abs(old.createdMillis() - now) <= GROUPING_MILLIS && old.object().equals(object)
					&& old.username().equals(username)) {
				it.remove();
				this.entries.addFirst(new Entry(old.count() + 1, reason, context, object, username, now, clientInfo));
				return;
			}
		}
		this.entries.addFirst(new Entry(1, reason, context, object, username, now, clientInfo));
		while (this.entries.size() > maxLength) {
			this.entries.removeLast();
		}
	}

	/** The newest {@code count} entries. */
	public List<Entry> newest(long count) {
		List<Entry> out = new ArrayList<>();
		for (Entry entry : this.entries) {
			if (out.size() >= count) {
				break;
			}
			out.add(entry);
		}
		return out;
	}

	public void reset() {
		this.entries.clear();
	}

	public long now() {
		return this.clock.getAsLong();
	}

}
