package io.kvserver.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A network namespace joined to this machine by a veth pair, made by the test (root and iproute2
 * are needed, as on our build machines): a client run inside it reaches the host from a real
 * non-loopback address, as a client on another machine would. Removed on close.
 */
public final class NetworkNamespace implements AutoCloseable {

	/** What a client in the namespace got back. */
	public record Exchange(String reply, String state) {

		public boolean closed() {
			return this.state.equals("CLOSED");
		}

		/**
		 * Whether the server ended the connection, with a FIN or with a reset: a server that closes a
		 * socket holding request bytes it never read makes the kernel send a reset instead, so which
		 * one the client sees depends on whether its request arrived before the close.
		 */
		public boolean ended() {
			return closed() || this.state.equals("RESET");
		}

		public boolean refused() {
			return this.state.equals("REFUSED");
		}

	}

	private final String name;

	private final String hostLink;

	private final String hostAddress;

	private final String namespaceAddress;

	private final Path work;

	private NetworkNamespace(String name, String hostLink, String hostAddress, String namespaceAddress, Path work) {
		this.name = name;
		this.hostLink = hostLink;
		this.hostAddress = hostAddress;
		this.namespaceAddress = namespaceAddress;
		this.work = work;
	}

	/** A namespace with one address, its peer on the host on another of the same /30. */
	public static NetworkNamespace create(Path work) {
		long pid = ProcessHandle.current().pid();
		String suffix = Long.toString(pid % 100_000);
		String name = "kvns" + suffix;
		String hostLink = "kvh" + suffix;
		String nsLink = "kvn" + suffix;
		int subnet = (int) (pid % 250) + 1;
		String host = "10.231." + subnet + ".1";
		String inside = "10.231." + subnet + ".2";
		NetworkNamespace ns = new NetworkNamespace(name, hostLink, host, inside, work);
		ns.quietly("ip", "link", "del", hostLink); // left over by a run that was killed
		ns.quietly("ip", "netns", "del", name);
		ns.run("ip", "netns", "add", name);
		ns.run("ip", "link", "add", hostLink, "type", "veth", "peer", "name", nsLink);
		ns.run("ip", "link", "set", nsLink, "netns", name);
		ns.run("ip", "addr", "add", host + "/30", "dev", hostLink);
		ns.run("ip", "link", "set", hostLink, "up");
		ns.run("ip", "netns", "exec", name, "ip", "addr", "add", inside + "/30", "dev", nsLink);
		ns.run("ip", "netns", "exec", name, "ip", "link", "set", nsLink, "up");
		ns.run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
		return ns;
	}

	/** The host's address as the namespace reaches it (not a loopback address). */
	public String hostAddress() {
		return this.hostAddress;
	}

	/** The client's address, as the server sees it. */
	public String namespaceAddress() {
		return this.namespaceAddress;
	}

	/** Sends the bytes from inside the namespace to the host's port and returns what came back. */
	public Exchange exchange(int port, String request) {
		Path script = Path.of("src/test/python/raw_exchange.py").toAbsolutePath();
		ProgramRun run = ProgramRun.run(List.of("ip", "netns", "exec", this.name, "/usr/bin/python3", script.toString(),
				this.hostAddress, Integer.toString(port),
				HexFormat.of().formatHex(request.getBytes(StandardCharsets.ISO_8859_1))), null, null, this.work, 30);
		assertThat(run.exitCode()).as("the client in the namespace: %s", run.stderr()).isZero();
		String[] lines = run.stdout().split("\n");
		return new Exchange(new String(HexFormat.of().parseHex(lines[0]), StandardCharsets.ISO_8859_1), lines[1]);
	}

	private void run(String... command) {
		ProgramRun run = ProgramRun.run(List.of(command), null, null, this.work, 30);
		assertThat(run.exitCode()).as("%s: %s", String.join(" ", command), run.stderr()).isZero();
	}

	private void quietly(String... command) {
		ProgramRun.run(new ArrayList<>(List.of(command)), null, null, this.work, 30);
	}

	@Override
	public void close() {
		quietly("ip", "link", "del", this.hostLink);
		quietly("ip", "netns", "del", this.name);
	}

}
