package io.kvserver.compat.random;

import java.util.List;

import io.kvserver.compat.RespValue;

/** Follow-up questions for a rule, asked on the connection of the command being compared. */
record BothServers(FuzzCommand command, Side redisSide, Side kvserverSide) implements ReplyRule.Servers {

	@Override
	public RespValue redis(List<byte[]> argv) {
		return this.redisSide.ask(this.command.client(), argv);
	}

	@Override
	public RespValue kvserver(List<byte[]> argv) {
		return this.kvserverSide.ask(this.command.client(), argv);
	}

}
