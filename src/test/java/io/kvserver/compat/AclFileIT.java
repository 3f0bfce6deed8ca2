package io.kvserver.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kvserver.support.ChildProcess;
import io.kvserver.support.PackagedJar;
import io.kvserver.support.RawConnection;

/**
 * Users from files, as redis-server 7.0 reads and writes them, compared with it: an ACL file
 * ({@code aclfile}) loaded at start, ACL SAVE, ACL LOAD of a file with errors and of a good one, and
 * {@code user} lines in the config file. The packaged server and a redis-server start from copies of
 * the same files.
 */
class AclFileIT {

	private static final Duration START = Duration.ofSeconds(180);

	private static final String USERS = """
			user default on nopass ~* &* +@all
			user alice on #5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8 ~cached:* &* -@all +get +set
			user bob off resetchannels -@all +@read (~b* +strlen)
			""";

	@TempDir
	Path work;

	@Test
	void aclFileLoadedSavedAndReloadedAsRedisDoes() throws Exception {
		List<String> replies = new ArrayList<>();
		List<String> saved = new ArrayList<>();
		for (boolean ours : new boolean[] { true, false }) {
			Path dir = Files.createDirectories(this.work.resolve(ours ? "kvsrv" : "redis"));
			Path aclFile = Files.writeString(dir.resolve("users.acl"), USERS);
			int port = ChildProcess.freeLoopbackPort();
			List<String> args = List.of("--port", Integer.toString(port), "--aclfile", aclFile.toString(), "--save", "",
					"--dir", dir.toString());
			try (ChildProcess server = start(ours, dir, args, port)) {
				StringBuilder seen = new StringBuilder();
				try (RawConnection client = RawConnection.open("127.0.0.1", port)) {
					seen.append(rules(client.send("ACL LIST\r\n").readReply()));
					seen.append(client.send("AUTH alice password\r\n").readReply());
					seen.append(client.send("GET cached:1\r\n").readReply());
					seen.append(client.send("AUTH default x\r\n").readReply());
					seen.append(client.send("ACL SETUSER carol on >pw %R~r* +@string\r\n").readReply());
					seen.append(client.send("ACL SAVE\r\n").readReply());
					saved.add(rules(Files.readString(aclFile)));
					Files.writeString(aclFile, "user dave on +nosuch\nuser eve on %X~k\nnot a user line\nuser dave on\n");
					seen.append(client.send("ACL LOAD\r\n").readReply().replace(aclFile.toString(), "ACLFILE"));
					seen.append(rules(client.send("ACL LIST\r\n").readReply()));
					Files.writeString(aclFile, "user frank on nopass ~* +@all\n");
					seen.append(client.send("ACL LOAD\r\n").readReply());
					seen.append(rules(client.send("ACL LIST\r\n").readReply()));
					seen.append(client.send("CONFIG GET aclfile\r\n").readReply().replace(aclFile.toString(), "ACLFILE"));
				}
				replies.add(seen.toString());
			}
		}
		assertThat(saved.get(0)).as("the ACL file ACL SAVE wrote").isEqualTo(saved.get(1)).contains("user carol on ");
		assertThat(replies.get(0)).as("kvserver vs Redis").isEqualTo(replies.get(1))
			.contains("ACLFILE:1: Error in applying operation '+nosuch'");
	}

	@Test
	void userLinesInTheConfigFile() throws Exception {
		List<String> replies = new ArrayList<>();
		for (boolean ours : new boolean[] { true, false }) {
			Path dir = Files.createDirectories(this.work.resolve(ours ? "kvsrv" : "redis"));
			int port = ChildProcess.freeLoopbackPort();
			Path conf = Files.writeString(dir.resolve("redis.conf"), "port " + port + "\nsave \"\"\n" + USERS);
			try (ChildProcess server = start(ours, dir, List.of(conf.toString()), port);
					RawConnection client = RawConnection.open("127.0.0.1", port)) {
				replies.add(rules(client.send("ACL LIST\r\n").readReply()) + client.send("ACL SAVE\r\n").readReply());
			}
		}
		assertThat(replies.get(0)).as("kvserver vs Redis").isEqualTo(replies.get(1))
			.contains("user default on nopass sanitize-payload ~* &* +@all");
	}

	private ChildProcess start(boolean ours, Path dir, List<String> args, int port) {
		List<String> command;
		if (ours) {
			List<String> all = new ArrayList<>(args);
			all.add("--server.port=0");
			command = PackagedJar.command(List.of(), all);
		}
		else {
			command = new ArrayList<>(List.of(ChildProcess.require("redis-server", "redis-server").toString()));
			command.addAll(args);
		}
		ChildProcess server = ChildProcess.start(ours ? "kvserver" : "redis-server", command, dir, Map.of());
		await(server + " answering").atMost(START).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
			server.assertAlive();
			try (RawConnection probe = RawConnection.open("127.0.0.1", port)) {
				return probe.send("PING\r\n").readReply().equals("+PONG\r\n");
			}
		});
		return server;
	}

	/** Single-command ACL rules in a fixed order: Redis lists them in its command table's random hash order. */
	private static String rules(String text) {
		return String.join("\n", text.lines().map(Replies::sortCommandRules).toList());
	}

}
