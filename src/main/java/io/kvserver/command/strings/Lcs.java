package io.kvserver.command.strings;

import java.util.ArrayList;
import java.util.List;

import io.kvserver.command.Args;
import io.kvserver.command.CommandException;
import io.kvserver.command.KeyReads;
import io.kvserver.command.Session;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.Keyspace;
import io.kvserver.store.Store;
import io.kvserver.store.Strings;

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the longest common subsequence by
 * Redis's dynamic programming table, walked back the same way so that ties resolve and ranges
 * come out exactly as Redis's (t_string.c, lcsCommand).
 */
final class Lcs {

	private final KeyReads reads;

	private final Store databases;

	Lcs(KeyReads reads, Store databases) {
		this.reads = reads;
		this.databases = databases;
	}

	void execute(Session session, byte[][] argv, ReplyWriter out) {
		Keyspace db = this.databases.db(session.db());
		Object first = this.reads.read(db, argv[1]);
		Object second = this.reads.read(db, argv[2]);
		if ((first != null && !KeyReads.isString(first)) || (second != null && !KeyReads.isString(second))) {
			throw new CommandException("ERR The specified keys must contain string values");
		}
		byte[] a = first == null ? new byte[0] : Strings.bytes(first);
		byte[] b = second == null ? new byte[0] : Strings.bytes(second);
		boolean getIdx = false;
		boolean getLen = false;
		boolean withMatchLen = false;
		long minMatchLen = 0;
		for (int j = 3; j < argv.length; j++) {
			int more = argv.length - 1 - j;
			if (Args.is(argv[j], "IDX")) {
				getIdx = true;
			}
			else if (Args.is(argv[j], "LEN")) {
				getLen = true;
			}
			else if (Args.is(argv[j], "WITHMATCHLEN")) {
				withMatchLen = true;
			}
			else if (Args.is(argv[j], "MINMATCHLEN") && more > 0) {
				minMatchLen = Math.max(0, Args.parseLong(argv[++j]));
			}
			else {
				throw new CommandException(CommandException.SYNTAX);
			}
		}
		if (getIdx && getLen) {
			throw new CommandException("ERR If you want both the length and indexes, please just use IDX.");
		}
		int alen = a.length;
		int blen = b.length;
		long cells = (long) (alen + 1) * (blen + 1);
		// Redis fails the same way when its allocation fails; a JVM must not try a table it cannot hold.
		if (cells > Integer.MAX_VALUE - 8 || cells * 4 > Runtime.getRuntime().maxMemory() / 4) {
			throw new CommandException("ERR Insufficient memory, failed allocating transient memory for LCS");
		}
		int[] lcs = new int[(int) cells];
		int row = blen + 1;
		for (int i = 1; i <= alen; i++) {
			for (int j = 1; j <= blen; j++) {
				if (a[i - 1] == b[j - 1]) {
					lcs[i * row + j] = lcs[(i - 1) * row + j - 1] + 1;
				}
				else {
					lcs[i * row + j] = Math.max(lcs[(i - 1) * row + j], lcs[i * row + j - 1]);
				}
			}
		}
		int idx = lcs[alen * row + blen];
		if (getLen) {
			out.integer(idx);
			return;
		}
		byte[] result = new byte[idx];
		// Ranges are emitted while walking back, but the array's length comes first in the reply:
		// collect them, then write.
		List<long[]> ranges = new ArrayList<>();
		int arangeStart = alen;
		int arangeEnd = 0;
		int brangeStart = 0;
		int brangeEnd = 0;
		int i = alen;
		int j = blen;
		while (i > 0 && j > 0) {
			boolean emitRange = false;
			if (a[i - 1] == b[j - 1]) {
				result[idx - 1] = a[i - 1];
				if (arangeStart == alen) {
					arangeStart = i - 1;
					arangeEnd = i - 1;
					brangeStart = j - 1;
					brangeEnd = j - 1;
				}
				else if (arangeStart == i && brangeStart == j) {
					arangeStart--;
					brangeStart--;
				}
				else {
					emitRange = true;
				}
				if (arangeStart == 0 || brangeStart == 0) {
					emitRange = true;
				}
				idx--;
				i--;
				j--;
			}
			else {
				int lcs1 = lcs[(i - 1) * row + j];
				int lcs2 = lcs[i * row + j - 1];
				if (lcs1 > lcs2) {
					i--;
				}
				else {
					j--;
				}
				if (arangeStart != alen) {
					emitRange = true;
				}
			}
			long matchLen = (long) arangeEnd - arangeStart + 1;
			if (emitRange) {
				if (minMatchLen == 0 || matchLen >= minMatchLen) {
					ranges.add(new long[] { arangeStart, arangeEnd, brangeStart, brangeEnd, matchLen });
				}
				arangeStart = alen;
			}
		}
		if (!getIdx) {
			out.bulk(result);
			return;
		}
		out.mapHeader(2);
		out.bulkText("matches");
		out.arrayHeader(ranges.size());
		for (long[] range : ranges) {
			out.arrayHeader(withMatchLen ? 3 : 2);
			out.arrayHeader(2);
			out.integer(range[0]);
			out.integer(range[1]);
			out.arrayHeader(2);
			out.integer(range[2]);
			out.integer(range[3]);
			if (withMatchLen) {
				out.integer(range[4]);
			}
		}
		out.bulkText("len");
		out.integer(lcs[alen * row + blen]);
	}

}
