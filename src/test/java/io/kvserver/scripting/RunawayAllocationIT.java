package io.kvserver.scripting;

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
 * Scripts that allocate without bound, in the packaged server with a small heap that exits on
 * OutOfMemoryError (as the Docker image does): each ends with an error reply, never an
 * OutOfMemoryError of the server, which goes on serving every client. Redis has no such limit (its
 * allocator aborts the process); the error text is Lua's own "not enough memory".
 */
class RunawayAllocationIT {

	private static final List<String> SCRIPTS = List.of(
			// many live strings of a megabyte each
			"local t = {} local i = 0 while true do i = i + 1 t[i] = string.rep('x', 1048576) .. i end",
			// one string that doubles until it cannot
			"local s = 'x' while true do s = s .. s end",
			// one allocation far beyond the heap, at once
			"return string.rep('x', 2 ^ 31 - 1)", "return string.rep('ab', 2 ^ 30)",
			// a table that grows without end
			"local t = {} local i = 0 while true do i = i + 1 t[i] = {i, i, i} end",
			// results that grow inside one library call: table.concat, gsub
			"local s = string.rep('x', 1048576) local t = {} for i = 1, 400 do t[i] = s end return #table.concat(t)",
			"local s = string.rep('a', 1048576) return #string.gsub(s, 'a', s)",
			// FUNCTION LOAD code that allocates while it registers (only redis is in reach then)
			"#!lua name=hog\nlocal s = 'x' while true do s = s .. s end");

	@Test
	void aScriptThatAllocatesWithoutBoundEndsWithAnErrorAndTheServerServes(@TempDir Path work) throws Exception {
		int port = ChildProcess.freeLoopbackPort();
		List<String> command = PackagedJar.command(List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"),
				List.of("--kvserver.port=" + port, "--kvserver.bind=127.0.0.1", "--server.port=0", "--kvserver.save="));
		try (ChildProcess server = ChildProcess.start("kvserver", command, work, Map.of())) {
			PackagedJar.awaitServing(server, port);
			try (RawConnection client = RawConnection.open("127.0.0.1", port);
					RawConnection other = RawConnection.open("127.0.0.1", port)) {
				assertThat(other.call("SET", "kept", "before")).isEqualTo("+OK\r\n");
				for (String script : SCRIPTS) {
					String reply = script.startsWith("#!") ? client.call("FUNCTION", "LOAD", script)
							: client.call("EVAL", script, "0");
					assertThat(reply).as(script).startsWith("-ERR ").contains("not enough memory");
					server.assertAlive();
					assertThat(other.call("PING")).as("another client after: " + script).isEqualTo("+PONG\r\n");
					assertThat(client.call("EVAL", "return redis.call('get', KEYS[1])", "1", "kept"))
						.as("a script after: " + script)
						.isEqualTo("$6\r\nbefore\r\n");
				}
				assertThat(client.call("FUNCTION", "LIST")).as("nothing half-loaded").isEqualTo("*0\r\n");
			}
			server.assertAlive();
		}
	}

}
