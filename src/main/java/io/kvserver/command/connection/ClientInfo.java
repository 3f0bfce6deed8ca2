package io.kvserver.command.connection;

import java.nio.charset.StandardCharsets;

import io.kvserver.command.Session;
import io.kvserver.command.Transaction;

/**
 * One line of CLIENT LIST / CLIENT INFO, with Redis 7.0's fields in its order. Fields about
 * things kvserver does not have (pub/sub, output lists) are 0; {@code obl} is what the reply buffer
 * holds for the batch being answered; {@code fd} is -1 because the JVM does
 * not expose the socket's descriptor; {@code qbuf} and {@code argv-mem} are 0 because the decoder's
 * buffer is the transport's.
 */
public final class ClientInfo {

	private ClientInfo() {
	}

	/** The line for one client (ACL LOG's client-info uses it too). */
	public static String line(Session s, long nowMillis) {
		Transaction tx = s.transactionOrNull();
		boolean multi = tx != null && tx.inMulti();
		long multiMem = multi ? tx.queuedBytes() : 0;
		long replyBuffer = s.replies().capacity();
		StringBuilder flags = new StringBuilder();
		if (multi) {
			flags.append('x');
		}
		if (tx != null && tx.hasWatchedKeyChanged()) {
			flags.append('d');
		}
		if (s.noEvict()) {
			flags.append('e');
		}
		if (flags.isEmpty()) {
			flags.append('N');
		}
		String name = s.name() == null ? "" : new String(s.name(), StandardCharsets.ISO_8859_1);
		return "id=" + s.id() + " addr=" + s.address() + " laddr=" + s.localAddress() + " fd=-1 name=" + name
				+ " age=" + Math.max(0, (nowMillis - s.createdAtMillis()) / 1000)
				+ " idle=" + Math.max(0, (nowMillis - s.lastCommandAtMillis()) / 1000)
				+ " flags=" + flags + " db=" + s.db() + " sub=0 psub=0 ssub=0"
				+ " multi=" + (multi ? tx.queue().size() : -1)
				+ " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=" + multiMem
				+ " rbs=" + replyBuffer + " rbp=" + replyBuffer + " obl=" + s.replies().size() + " oll=0 omem=0"
				+ " tot-mem=" + (replyBuffer + multiMem) + " events=r"
				+ " cmd=" + (s.lastCommand() == null ? "NULL" : s.lastCommand())
				+ " user=" + (s.user() == null ? "default" : s.user().name()) + " redir=-1 resp=" + (s.resp3() ? 3 : 2);
	}

}
