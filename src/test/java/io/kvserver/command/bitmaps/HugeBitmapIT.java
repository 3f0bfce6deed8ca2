package io.kvserver.command.bitmaps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kvserver.support.ChildProcess;
import io.kvserver.support.PackagedJar;
import io.kvserver.support.RawConnection;

/**
 * SETBIT at offset 4294967295 asks for a 512 MB string, which Redis allows under its default
 * proto-max-bulk-len. The packaged server in a 1 GB heap, exiting on OutOfMemoryError as the
 * Docker image does: the first such string is made, a second one is refused with an error because
 * the heap cannot hold both, and the server goes on serving. No save rules: the 512 MB string is
 * not written to a dump on shutdown.
 */
class HugeBitmapIT {

	private static final String REFUSED =
			"-OOM command not allowed: a string of 536870912 bytes needs more heap than the server has free\r\n";

	@Test
	void aHugeOffsetIsServedWhileTheHeapHoldsItAndRefusedAfter(@TempDir Path work) throws Exception {
		int port = ChildProcess.freeLoopbackPort();
		List<String> command = PackagedJar.command(List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError"),
				// no maxmemory: the heap's own check is what is tested (at the default, half the heap, the
				// second string would be refused by maxmemory first, with Redis's OOM text)
				List.of("--kvserver.port=" + port, "--kvserver.bind=127.0.0.1", "--server.port=0", "--kvserver.save=",
						"--kvserver.maxmemory=0"));
		try (ChildProcess server = ChildProcess.start("kvserver", command, work, Map.of())) {
			PackagedJar.awaitServing(server, port);
			try (RawConnection client = RawConnection.open("127.0.0.1", port)) {
				assertThat(client.send("SETBIT first 4294967295 1\r\n").readReply()).isEqualTo(":0\r\n");
				assertThat(client.send("STRLEN first\r\n").readReply()).isEqualTo(":536870912\r\n");
				assertThat(client.send("BITCOUNT first\r\n").readReply()).isEqualTo(":1\r\n");
				assertThat(client.send("SETBIT second 4294967295 1\r\n").readReply()).isEqualTo(REFUSED);
				assertThat(client.send("BITFIELD second SET u8 #536870911 1\r\n").readReply()).isEqualTo(REFUSED);
				assertThat(client.send("EXISTS second\r\n").readReply()).as("nothing was made").isEqualTo(":0\r\n");
				assertThat(client.send("BITOP NOT second first\r\n").readReply()).isEqualTo(REFUSED);
				assertThat(client.send("SETBIT small 8000000 1\r\n").readReply()).isEqualTo(":0\r\n");
				assertThat(client.send("GETBIT first 4294967295\r\n").readReply()).isEqualTo(":1\r\n");
			}
			server.assertAlive();
		}
	}

}
