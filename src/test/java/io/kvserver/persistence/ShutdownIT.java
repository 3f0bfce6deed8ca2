package io.kvserver.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kvserver.support.PackagedServer;
import io.kvserver.support.RawConnection;

/**
 * SHUTDOWN on the packaged server, as Redis 7.0: SAVE writes the dump even without save rules,
 * NOSAVE skips it even with them, the client gets no reply, and the process exits with status 0;
 * SIGTERM with save rules saves and exits 0 too.
 */
class ShutdownIT {

	@TempDir
	Path dir;

	@Test
	void shutdownSaveWritesTheDumpAndExitsZero() throws Exception {
		try (PackagedServer server = PackagedServer.start("kvserver", this.dir,
				List.of("--kvserver.dir=" + this.dir, "--kvserver.save="))) {
			try (RawConnection c = server.connect()) {
				assertThat(c.send("SET k v\r\n").readReply()).isEqualTo("+OK\r\n");
				assertThat(c.send("SHUTDOWN SAVE\r\n").readUntilClosed()).isEmpty();
			}
			assertThat(server.process().awaitExit(Duration.ofSeconds(60))).isZero();
		}
		assertThat(this.dir.resolve("dump.rdb")).exists();
		try (PackagedServer server = PackagedServer.start("kvserver-again", this.dir,
				List.of("--kvserver.dir=" + this.dir, "--kvserver.save=3600 1"))) {
			try (RawConnection c = server.connect()) {
				assertThat(c.send("GET k\r\n").readReply()).isEqualTo("$1\r\nv\r\n");
				assertThat(c.send("SET k changed\r\n").readReply()).isEqualTo("+OK\r\n");
				assertThat(c.send("SHUTDOWN NOSAVE\r\n").readUntilClosed()).isEmpty();
			}
			assertThat(server.process().awaitExit(Duration.ofSeconds(60))).isZero();
		}
		try (PackagedServer server = PackagedServer.start("kvserver-third", this.dir,
				List.of("--kvserver.dir=" + this.dir, "--kvserver.save=3600 1"))) {
			try (RawConnection c = server.connect()) {
				assertThat(c.send("GET k\r\n").readReply()).as("NOSAVE kept the old dump").isEqualTo("$1\r\nv\r\n");
				assertThat(c.send("SET k sigterm\r\n").readReply()).isEqualTo("+OK\r\n");
			}
			assertThat(server.process().terminate(Duration.ofSeconds(60))).as("exit status after SIGTERM").isZero();
		}
		assertThat(Files.size(this.dir.resolve("dump.rdb"))).isPositive();
		try (PackagedServer server = PackagedServer.start("kvserver-fourth", this.dir,
				List.of("--kvserver.dir=" + this.dir, "--kvserver.save="))) {
			try (RawConnection c = server.connect()) {
				assertThat(c.send("GET k\r\n").readReply()).as("saved on SIGTERM").isEqualTo("$7\r\nsigterm\r\n");
			}
		}
	}

}
