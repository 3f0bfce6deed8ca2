package io.kvserver.command;

import java.util.List;

/** A group of related commands (strings, keys, connection, server) contributed to the command table. */
public interface CommandFamily {

	List<CommandSpec> commands();

}
