package io.kvserver.security;

import java.util.List;

/**
 * A command about to run, as ACL checks see it: the command, its arguments, and where its keys and
 * channels are among them (found by the command layer from the command's key specs).
 *
 * @param keys the command's keys, in the order Redis's getKeysFromCommandWithSpecs finds them
 * @param channels the channels it publishes or subscribes to (Pub/Sub commands)
 */
public record AccessRequest(AclCommand command, byte[][] argv, List<KeyRef> keys, List<ChannelRef> channels) {

	/**
	 * @param index the key's argument
	 * @param read whether the command reads its value (CMD_KEY_ACCESS)
	 * @param write whether it inserts, deletes or updates it
	 */
	public record KeyRef(int index, boolean read, boolean write) {
	}

	/**
	 * @param index the channel's argument
	 * @param pattern whether it is a pattern (PSUBSCRIBE), matched literally against the user's
	 */
	public record ChannelRef(int index, boolean pattern) {
	}

}
