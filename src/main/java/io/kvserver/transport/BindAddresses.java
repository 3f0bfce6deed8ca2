package io.kvserver.transport;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Redis's bind addresses: "*" is every IPv4 address, "::*" every IPv6 one, and a leading "-" makes
 * an address optional (skipped, with a warning, if it cannot be bound, e.g. no IPv6 on the machine).
 */
final class BindAddresses {

	/**
	 * One address to listen on.
	 * @param fallback an address to bind instead if this one cannot be (IPv4's wildcard for a dual-stack one), or null
	 */
	record Listen(String address, boolean optional, @Nullable String fallback) {

		Listen(String address, boolean optional) {
			this(address, optional, null);
		}

	}

	private BindAddresses() {
	}

	/** The address a single listener binds (the blocking and NIO transports): the first one given, or every interface. */
	static String first(List<String> bind) {
		return bind.isEmpty() ? "0.0.0.0" : listen(bind.get(0)).address();
	}

	/**
	 * Every address to listen on, in order. Every IPv4 and every IPv6 address together ("* -::*",
	 * Redis's own default) become one dual-stack socket: the JDK cannot set IPV6_V6ONLY, and without
	 * it the IPv6 wildcard takes the IPv4 port as well.
	 */
	static List<Listen> all(List<String> bind) {
		if (bind.isEmpty()) {
			return List.of(new Listen("0.0.0.0", false));
		}
		List<Listen> listens = new ArrayList<>();
		for (String redisAddress : bind) {
			listens.add(listen(redisAddress));
		}
		int ipv4 = indexOf(listens, "0.0.0.0");
		int ipv6 = indexOf(listens, "::");
		if (ipv4 >= 0 && ipv6 >= 0) {
			boolean optional = listens.get(ipv4).optional() && listens.get(ipv6).optional();
			listens.set(ipv4, new Listen("::", optional, "0.0.0.0"));
			listens.remove(ipv6);
		}
		return List.copyOf(listens);
	}

	private static int indexOf(List<Listen> listens, String address) {
		for (int i = 0; i < listens.size(); i++) {
			if (listens.get(i).address().equals(address)) {
				return i;
			}
		}
		return -1;
	}

	private static Listen listen(String redisAddress) {
		boolean optional = redisAddress.startsWith("-");
		String address = optional ? redisAddress.substring(1) : redisAddress;
		return new Listen(switch (address) {
			case "*" -> "0.0.0.0";
			case "::*" -> "::";
			default -> address;
		}, optional);
	}

}
