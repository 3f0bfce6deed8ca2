package io.kvserver.compat.random;

import java.util.List;

import io.kvserver.protocol.RespReply;

/** Follow-up questions for a rule, asked on the connection of the command being compared. */
record BothServers(FuzzCommand command, Side redisSide, Side kvserverSide) implements ReplyRule.Servers {

	@Override
	public RespReply redis(List<byte[]> argv) {
		return this.redisSide.ask(this.command.client(), argv);
	}

	@Override
	public RespReply kvserver(List<byte[]> argv) {
		return this.kvserverSide.ask(this.command.client(), argv);
	}

}
