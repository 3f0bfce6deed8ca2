package io.kvserver.transport;

import java.util.List;

/** Redis's bind addresses: "*" is every IPv4 address, "::*" every IPv6 one, and a leading "-" makes an address optional. */
final class BindAddresses {

	private BindAddresses() {
	}

	/** The address a single listener binds: the first one given, or every interface if none is. */
	static String first(List<String> bind) {
		return bind.isEmpty() ? "0.0.0.0" : socketAddress(bind.get(0));
	}

	/** The address as the JDK takes it. */
	static String socketAddress(String redisAddress) {
		String address = redisAddress.startsWith("-") ? redisAddress.substring(1) : redisAddress;
		return switch (address) {
			case "*" -> "0.0.0.0";
			case "::*" -> "::";
			default -> address;
		};
	}

}
