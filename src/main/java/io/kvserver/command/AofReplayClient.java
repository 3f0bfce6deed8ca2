package io.kvserver.command;

import java.util.List;

import io.kvserver.persistence.aof.CommandReplay;
import io.kvserver.protocol.ReplyWriter;

/**
 * Redis's fake AOF client: an append-only file's commands run through the dispatcher as one
 * client's would (MULTI queues until EXEC), replies dropped. Not in the session registry, so no
 * CLIENT LIST shows it.
 */
public final class AofReplayClient implements CommandReplay {

	private final CommandDispatcher dispatcher;

	private final TransactionManager transactions;

	private final Session session = new Session(-1, System.currentTimeMillis());

	private final ReplyWriter replies = new ReplyWriter();

	public AofReplayClient(CommandDispatcher dispatcher, TransactionManager transactions) {
		this.dispatcher = dispatcher;
		this.transactions = transactions;
		this.session.markAofClient();
	}

	@Override
	public void run(List<byte[][]> commands) {
		if (commands.isEmpty()) {
			return;
		}
		this.dispatcher.execute(this.session, commands, this.replies);
		this.replies.truncate(0);
	}

	@Override
	public boolean inTransaction() {
		return this.session.inMulti();
	}

	@Override
	public void discardTransaction() {
		this.transactions.discard(this.session);
	}

}
