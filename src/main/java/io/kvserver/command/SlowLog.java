package io.kvserver.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Redis's slow log (slowlog.c): the commands that took at least {@code slowlog-log-slower-than}
 * microseconds, newest first, at most {@code slowlog-max-len} of them. The dispatcher feeds it from
 * the timing it already does for the latency metrics. Read and written under the database lock.
 */
public final class SlowLog {

	/** Redis's SLOWLOG_ENTRY_MAX_ARGC and SLOWLOG_ENTRY_MAX_STRING. */
	static final int MAX_ARGC = 32;

	static final int MAX_STRING = 128;

	/** One logged command, as SLOWLOG GET replies with it. */
	public record Entry(long id, long unixSeconds, long micros, byte[][] argv, String peer, byte[] clientName) {
	}

	private final ArrayDeque<Entry> entries = new ArrayDeque<>();

	private volatile long slowerThanMicros = 10_000;

	private volatile long maxLength = 128;

	private long nextId;

	public long slowerThanMicros() {
		return this.slowerThanMicros;
	}

	/** Negative turns the log off; 0 logs every command. */
	public void setSlowerThanMicros(long micros) {
		this.slowerThanMicros = micros;
	}

	public long maxLength() {
		return this.maxLength;
	}

	public void setMaxLength(long maxLength) {
		this.maxLength = maxLength;
		trim();
	}

	/** Whether a command that took this long is logged. */
	boolean logs(long micros) {
		long threshold = this.slowerThanMicros;
		return threshold >= 0 && micros >= threshold;
	}

	/** Logs the command if it was slow enough, as slowlogPushEntryIfNeeded. */
	void record(Session session, byte[][] argv, long micros, long nowMillis) {
		if (!logs(micros)) {
			return;
		}
		byte[] name = session.name();
		this.entries.addFirst(new Entry(this.nextId++, nowMillis / 1000, micros, trimmed(argv), session.address(),
				name == null ? new byte[0] : name));
		trim();
	}

	private void trim() {
		while (this.entries.size() > this.maxLength) {
			this.entries.removeLast();
		}
	}

	/** At most 32 arguments, the last saying how many more there were; each at most 128 bytes and a note. */
	private static byte[][] trimmed(byte[][] argv) {
		int argc = Math.min(argv.length, MAX_ARGC);
		byte[][] kept = new byte[argc][];
		for (int j = 0; j < argc; j++) {
			if (argc != argv.length && j == argc - 1) {
				kept[j] = ("... (" + (argv.length - argc + 1) + " more arguments)").getBytes(StandardCharsets.US_ASCII);
			}
			else if (argv[j].length > MAX_STRING) {
				byte[] note = ("... (" + (argv[j].length - MAX_STRING) + " more bytes)").getBytes(StandardCharsets.US_ASCII);
				byte[] cut = Arrays.copyOf(argv[j], MAX_STRING + note.length);
				System.arraycopy(note, 0, cut, MAX_STRING, note.length);
				kept[j] = cut;
			}
			else {
				kept[j] = argv[j]; // request arguments are never changed in place, so sharing is safe
			}
		}
		return kept;
	}

	/** The newest {@code count} entries (all with a negative count). */
	public List<Entry> newest(long count) {
		List<Entry> out = new ArrayList<>();
		Iterator<Entry> it = this.entries.iterator();
		while ((count < 0 || out.size() < count) && it.hasNext()) {
			out.add(it.next());
		}
		return out;
	}

	public int size() {
		return this.entries.size();
	}

	public void reset() {
		this.entries.clear();
	}

}
