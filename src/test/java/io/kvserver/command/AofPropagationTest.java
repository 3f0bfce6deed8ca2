package io.kvserver.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kvserver.persistence.CommandLog;
import io.kvserver.persistence.aof.AofSettings;
import io.kvserver.persistence.aof.AppendOnlyFile;

/**
 * What the dispatcher hands the AOF, as redis-server 7.0.15 writes it (checked with one, DEBUG
 * SET-ACTIVE-EXPIRE 0): a lazily expired key's DEL and the write that met it wrapped in MULTI/EXEC,
 * an EXEC with one write not wrapped, an actively expired key's DEL alone; and the files loading
 * back, a torn tail cut off at every byte.
 */
class AofPropagationTest {

	private final CommandHarness redis = new CommandHarness();

	private final List<String> log = new ArrayList<>();

	@TempDir
	Path dir;

	private void record() {
		Propagator propagator = new Propagator(this.redis.databases);
		propagator.logTo(new CommandLog() {

			@Override
			public boolean enabled() {
				return true;
			}

			@Override
			public void append(int db, byte[][] argv) {
				StringBuilder line = new StringBuilder(db + ":");
				for (byte[] arg : argv) {
					line.append(' ').append(new String(arg, StandardCharsets.ISO_8859_1));
				}
				AofPropagationTest.this.log.add(line.toString());
			}

		});
		this.redis.dispatcher.propagateTo(propagator);
	}

	@Test
	void lazyExpiryAndTheWriteThatMetItAreOneTransaction() {
		record();
		this.redis.run("SET", "w", "1", "PX", "1");
		this.redis.advance(5);
		this.redis.run("SET", "w", "2");
		this.redis.run("GET", "nothing");
		assertThat(this.log).containsExactly("0: SET w 1 PXAT " + (CommandHarness.T0 + 1), "0: MULTI", "0: DEL w",
				"0: SET w 2", "0: EXEC");
	}

	@Test
	void execWithOneWriteIsNotWrappedAndWithTwoIs() {
		record();
		this.redis.run("MULTI");
		this.redis.run("SET", "m", "1");
		this.redis.run("GET", "m");
		this.redis.run("EXEC");
		this.redis.run("MULTI");
		this.redis.run("SELECT", "2");
		this.redis.run("SET", "z", "1");
		this.redis.run("SELECT", "0");
		this.redis.run("INCR", "z");
		this.redis.run("EXEC");
		assertThat(this.log).containsExactly("0: SET m 1", "2: MULTI", "2: SET z 1", "0: INCR z", "0: EXEC");
	}

	@Test
	void activeExpiryDeletesAlone() {
		record();
		this.redis.run("SET", "a", "1", "PX", "1");
		this.redis.advance(5);
		this.redis.databases.lock().lock();
		try {
			this.redis.databases.db(0).expireDue(10);
		}
		finally {
			this.redis.databases.lock().unlock();
		}
		assertThat(this.log).containsExactly("0: SET a 1 PXAT " + (CommandHarness.T0 + 1), "0: DEL a");
	}

	@Test
	void failedOrNoOpWritesAreNotRecorded() {
		record();
		this.redis.run("SET", "a", "1", "XX");
		this.redis.run("DEL", "missing");
		this.redis.run("INCR", "a", "b");
		this.redis.run("PERSIST", "missing");
		assertThat(this.log).isEmpty();
	}

	@Test
	void aTornLastCommandIsCutOffAtEveryByte() throws Exception {
		String full = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n"
				+ "*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n*1\r\n$4\r\nEXEC\r\n"
				+ "*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$5\r\nhello\r\n";
		int firstDone = full.indexOf("*1\r\n$5\r\nMULTI");
		int execDone = full.indexOf("*3\r\n$3\r\nSET\r\n$1\r\nc");
		for (int cut = firstDone; cut <= full.length(); cut++) {
			CommandHarness server = new CommandHarness();
			Path aofDir = Files.createDirectories(this.dir.resolve("cut" + cut + "/appendonlydir"));
			Files.writeString(aofDir.resolve("appendonly.aof.manifest"),
					"file appendonly.aof.1.incr.aof seq 1 type i\n");
			Files.writeString(aofDir.resolve("appendonly.aof.1.incr.aof"), full.substring(0, cut),
					StandardCharsets.ISO_8859_1);
			AppendOnlyFile aof = new AppendOnlyFile(server.databases, server.rdb,
					new AofSettings(true, "appendonlydir", "appendonly.aof"), aofDir.getParent(), server.now::get);
			assertThat(aof.loadAtStartup(new AofReplayClient(server.dispatcher, server.transactions))).isTrue();
			aof.shutdown();
			assertThat(server.run("GET", "a")).isEqualTo("$1\r\n1\r\n");
			assertThat(server.run("GET", "b")).as("cut at %d", cut).isEqualTo(cut >= execDone ? "$1\r\n2\r\n" : "$-1\r\n");
			assertThat(server.run("GET", "c")).isEqualTo(cut == full.length() ? "$5\r\nhello\r\n" : "$-1\r\n");
			long size = Files.size(aofDir.resolve("appendonly.aof.1.incr.aof"));
			assertThat(size).as("file cut at the last whole command (cut at %d)", cut)
				.isEqualTo(cut == full.length() ? full.length() : cut >= execDone ? execDone : firstDone);
		}
	}

	@Test
	void aTornFileIsRefusedWithoutAofLoadTruncated() throws Exception {
		CommandHarness server = new CommandHarness();
		Path aofDir = Files.createDirectories(this.dir.resolve("appendonlydir"));
		Files.writeString(aofDir.resolve("appendonly.aof.manifest"), "file appendonly.aof.1.incr.aof seq 1 type i\n");
		Files.writeString(aofDir.resolve("appendonly.aof.1.incr.aof"), "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n");
		AofSettings settings = new AofSettings(true, "appendonlydir", "appendonly.aof");
		settings.setLoadTruncated(false);
		AppendOnlyFile aof = new AppendOnlyFile(server.databases, server.rdb, settings, this.dir, server.now::get);
		assertThatIllegalStateException()
			.isThrownBy(() -> aof.loadAtStartup(new AofReplayClient(server.dispatcher, server.transactions)))
			.withMessageContaining("Unexpected end of file reading the append only file appendonly.aof.1.incr.aof");
	}

}
