package io.kvserver.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.kvserver.command.acl.AclCatalog;
import io.kvserver.config.BoolDirective;

/** Users, rules and checks without a server (the replies themselves are compared with Redis by the compat scenarios). */
class AccessControlTest {

	private final AccessControl acl = new AccessControl(AclCatalog.table(), () -> false);

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	@Test
	void theDefaultUserIsUnrestrictedAndNeedsNoPassword() {
		User user = this.acl.defaultUser();
		assertThat(user.describe()).isEqualTo("on nopass ~* &* +@all");
		assertThat(user.unrestricted()).isTrue();
		assertThat(this.acl.authRequired()).isFalse();
		assertThat(this.acl.authenticate(bytes("default"), bytes("anything"))).isSameAs(user);
		this.acl.setDefaultPassword("pw");
		assertThat(this.acl.authRequired()).isTrue();
		assertThat(this.acl.authenticate(bytes("default"), bytes("anything"))).isNull();
		assertThat(this.acl.authenticate(bytes("default"), bytes("pw"))).isSameAs(user);
		assertThat(user.describe()).startsWith("on #" + User.hash("pw") + " ~* &* +@all");
	}

	@Test
	void passwordsAreKeptAsSha256() {
		assertThat(User.hash("password")).isEqualTo("5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8");
	}

	@Test
	void setUserIsAllOrNothing() {
		assertThat(this.acl.setUser("u", List.of("on", ">p", "+get"))).isNull();
		assertThat(this.acl.setUser("u", List.of("off", "+nosuch")))
			.isEqualTo("Error in ACL SETUSER modifier '+nosuch': Unknown command or category name in ACL");
		assertThat(this.acl.user("u").enabled()).as("the earlier rule of the failed call is not applied").isTrue();
		assertThat(this.acl.setUser("u", List.of("(~a", "+get"))).isEqualTo(
				"Unmatched parenthesis in acl selector starting at '(~a'.");
	}

	@Test
	void describingPicksCategoriesThatFitThenSingleCommands() {
		// What redis-server 7.0.15 answers for the same rules, its single commands in hash order
		this.acl.setUser("u", List.of("+@all", "-@dangerous", "+flushdb"));
		List<String> tokens = List.of(this.acl.user("u").describe().split(" "));
		assertThat(tokens.subList(0, 4)).containsExactly("off", "resetchannels", "+@all", "-@admin");
		assertThat(tokens.subList(4, tokens.size())).containsExactlyInAnyOrder("-restore", "-migrate", "-flushall",
				"-sort_ro", "-sort", "-keys", "-info", "-swapdb", "-restore-asking");
		this.acl.setUser("w", List.of("+@string", "-get"));
		assertThat(this.acl.user("w").describe()).isEqualTo("off resetchannels -@all +@string -get");
	}

	@Test
	void theLogGroupsRepeatedRefusalsWithinAMinute() {
		AtomicLong now = new AtomicLong(1_000_000);
		AclLog log = new AclLog(now::get);
		log.add(AclDenial.Reason.KEY, "toplevel", "k", "u", "info1", 10);
		now.addAndGet(59_000);
		log.add(AclDenial.Reason.KEY, "toplevel", "k", "u", "info2", 10);
		log.add(AclDenial.Reason.COMMAND, "toplevel", "get", "u", "info3", 10);
		now.addAndGet(61_000);
		log.add(AclDenial.Reason.COMMAND, "toplevel", "get", "u", "info4", 10);
		assertThat(log.newest(10)).extracting(AclLog.Entry::count, AclLog.Entry::clientInfo)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "info4"), org.assertj.core.groups.Tuple.tuple(1L, "info3"),
					org.assertj.core.groups.Tuple.tuple(2L, "info2"));
		log.add(AclDenial.Reason.AUTH, "toplevel", "AUTH", "x", "info5", 2);
		assertThat(log.newest(10)).hasSize(2);
	}

	@Test
	void protectedModeSeesOnlyTheTwoLoopbackAddressesAsLocal() throws Exception {
		BoolDirective on = new BoolDirective("protected-mode", null, true);
		ProtectedMode mode = new ProtectedMode(on, this.acl);
		assertThat(mode.denies(InetAddress.getByName("127.0.0.1"))).isFalse();
		assertThat(mode.denies(InetAddress.getByName("::1"))).isFalse();
		assertThat(mode.denies(InetAddress.getByName("127.0.0.2"))).as("Redis compares the text 127.0.0.1").isTrue();
		assertThat(mode.denies(InetAddress.getByName("192.0.2.7"))).isTrue();
		this.acl.setDefaultPassword("pw");
		assertThat(mode.denies(InetAddress.getByName("192.0.2.7"))).as("a password replaces protected mode").isFalse();
	}

}
