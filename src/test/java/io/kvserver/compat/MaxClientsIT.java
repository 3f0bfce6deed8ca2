package io.kvserver.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

import com.sun.management.UnixOperatingSystemMXBean;

import io.kvserver.support.KvServerIntegrationTest;
import io.kvserver.support.RawConnection;

/**
 * maxclients as Redis computes it at start: its default 10000, lowered to the open-files limit less
 * 32 reserved descriptors. The limit differs between machines, so this reads it the same way
 * (the server runs in this JVM) instead of comparing with a redis-server whose limit may differ.
 */
class MaxClientsIT extends KvServerIntegrationTest {

	@Test
	void infoAndConfigGetReportMaxclientsFromTheOpenFilesLimit() {
		assertThat(ManagementFactory.getOperatingSystemMXBean()).as("a Unix JVM, which can tell its open-files limit")
			.isInstanceOf(UnixOperatingSystemMXBean.class);
		long limit = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
		long expected = Math.min(10_000, limit - 32);
		try (RawConnection connection = connect()) {
			connection.send("INFO clients\r\n");
			assertThat(connection.readReply()).as("Redis 7.0's position, after cluster_connections")
				.contains("\r\ncluster_connections:0\r\nmaxclients:" + expected + "\r\n");
			connection.send("CONFIG GET maxclients\r\n");
			assertThat(connection.readReply())
				.isEqualTo("*2\r\n$10\r\nmaxclients\r\n$" + Long.toString(expected).length() + "\r\n" + expected + "\r\n");
			connection.send("CONFIG SET maxclients " + (limit - 31) + "\r\n");
			assertThat(connection.readReply()).isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'maxclients') - "
					+ "The operating system is not able to handle the specified number of clients, try with " + (limit - 32)
					+ "\r\n");
			connection.send("CONFIG SET maxclients " + (limit - 32) + "\r\n");
			assertThat(connection.readReply()).isEqualTo("+OK\r\n");
			connection.send("CONFIG SET maxclients " + expected + "\r\n");
			assertThat(connection.readReply()).isEqualTo("+OK\r\n");
		}
	}

}
