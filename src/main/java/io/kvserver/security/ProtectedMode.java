package io.kvserver.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

import io.kvserver.config.BoolDirective;

/**
 * Redis's protected mode: while it is on and the default user has no password, a client from any
 * address other than 127.0.0.1 or ::1 (exactly those, as Redis's islocalClient compares them) is
 * refused with Redis's DENIED text before it becomes a client.
 */
public final class ProtectedMode {

	private final BoolDirective protectedMode;

	private final AccessControl acl;

	public ProtectedMode(BoolDirective protectedMode, AccessControl acl) {
		this.protectedMode = protectedMode;
		this.acl = acl;
	}

	/** Whether a client from this address is refused now. Called on the accepting thread. */
	public boolean denies(InetAddress remote) {
		return this.protectedMode.value() && this.acl.defaultUser().noPassword() && !isLocal(remote);
	}

	static boolean isLocal(InetAddress remote) {
		byte[] address = remote.getAddress();
		if (remote instanceof Inet4Address) {
			return address[0] == 127 && address[1] == 0 && address[2] == 0 && address[3] == 1;
		}
		if (remote instanceof Inet6Address) {
			for (int i = 0; i < 15; i++) {
				if (address[i] != 0) {
					return false;
				}
			}
			return address[15] == 1;
		}
		return false;
	}

}
