package io.kvserver.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.kvserver.support.RawConnection;

/**
 * ACL behaviour that needs more than one client, played on kvserver and on a real Redis 7.0 with the
 * same bytes expected from both: rules changed between MULTI and EXEC, clients of a deleted user,
 * and failed AUTHs counted in INFO.
 */
class AclIT extends RedisComparisonTest {

	@AfterEach
	void cleanUp() {
		for (Function<Void, RawConnection> server : servers()) {
			try (RawConnection admin = server.apply(null)) {
				admin.send("ACL DELUSER tx gone\r\n").readReply();
				admin.send("ACL LOG RESET\r\n").readReply();
			}
		}
	}

	@SuppressWarnings("unchecked")
	private Function<Void, RawConnection>[] servers() {
		return new Function[] { v -> connect(), v -> redis.connect() };
	}

	@Test
	void execChecksQueuedCommandsAgainstRulesChangedMeanwhile() {
		String[] replies = new String[2];
		int i = 0;
		for (Function<Void, RawConnection> server : servers()) {
			try (RawConnection admin = server.apply(null); RawConnection user = server.apply(null)) {
				assertThat(admin.send("ACL SETUSER tx on nopass ~* +@all\r\n").readReply()).isEqualTo("+OK\r\n");
				StringBuilder seen = new StringBuilder();
				seen.append(user.send("AUTH tx x\r\n").readReply());
				seen.append(user.send("MULTI\r\n").readReply());
				seen.append(user.send("SET k v\r\n").readReply());
				seen.append(user.send("GET k\r\n").readReply());
				assertThat(admin.send("ACL SETUSER tx -set\r\n").readReply()).isEqualTo("+OK\r\n");
				seen.append(user.send("EXEC\r\n").readReply());
				seen.append(admin.send("ACL LOG 1\r\n").readReply().replaceAll("age-seconds\r\n\\$\\d+\r\n[0-9.]+", "AGE")
					.replaceAll("client-info\r\n\\$\\d+\r\n[^\r]*", "CLIENT"));
				replies[i++] = seen.toString();
			}
		}
		assertThat(replies[0]).as("kvserver vs Redis").isEqualTo(replies[1])
			.contains("-NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call.");
	}

	@Test
	void clientsOfADeletedUserAreDisconnected() {
		for (Function<Void, RawConnection> server : servers()) {
			try (RawConnection admin = server.apply(null); RawConnection user = server.apply(null);
					RawConnection bystander = server.apply(null)) {
				admin.send("ACL SETUSER gone on nopass ~* +@all\r\n").readReply();
				assertThat(user.send("AUTH gone x\r\n").readReply()).isEqualTo("+OK\r\n");
				assertThat(admin.send("ACL DELUSER gone\r\n").readReply()).isEqualTo(":1\r\n");
				assertThat(user.readUntilClosed()).as("the deleted user's client is closed").isEmpty();
				assertThat(bystander.send("PING\r\n").readReply()).isEqualTo("+PONG\r\n");
			}
		}
	}

	@Test
	void failedAuthenticationsAreCountedButNeverShowThePassword() {
		try (RawConnection client = connect()) {
			long before = deniedAuth(client);
			client.send("AUTH nosuch secret-password-1\r\n").readReply();
			client.send("HELLO 3 AUTH nosuch secret-password-2\r\n").readReply();
			assertThat(deniedAuth(client)).as("INFO stats acl_access_denied_auth").isEqualTo(before + 2);
			String log = client.send("ACL LOG\r\n").readReply();
			assertThat(log).contains("auth").contains("nosuch").doesNotContain("secret-password");
			assertThat(client.send("CLIENT LIST\r\n").readReply()).doesNotContain("secret-password");
		}
	}

	private static long deniedAuth(RawConnection client) {
		String info = client.send("INFO stats\r\n").readReply();
		int at = info.indexOf("acl_access_denied_auth:") + "acl_access_denied_auth:".length();
		return Long.parseLong(info.substring(at, info.indexOf('\r', at)));
	}

}
