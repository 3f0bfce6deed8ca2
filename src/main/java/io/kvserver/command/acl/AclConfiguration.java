package io.kvserver.command.acl;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import io.kvserver.command.SessionRegistry;
import io.kvserver.command.TransactionManager;
import io.kvserver.config.ConfigRegistry;
import io.kvserver.config.EnumDirective;
import io.kvserver.config.FileOnlyDirective;
import io.kvserver.config.NumericDirective;
import io.kvserver.config.StringDirective;
import io.kvserver.metrics.ServerStats;
import io.kvserver.security.AccessControl;
import io.kvserver.security.AclFile;
import io.kvserver.security.AclLog;
import io.kvserver.security.AclRuleException;
import io.kvserver.security.ProtectedMode;
import io.kvserver.security.User;

/**
 * ACL wiring: the users (from requirepass, the config file's user lines or the ACL file, as Redis
 * loads them at start), the permission gate before every command, the AUTH and ACL commands, and
 * protected mode for the transport.
 */
@Configuration(proxyBeanMethods = false)
public class AclConfiguration {

	private static final Log LOGGER = LogFactory.getLog(AclConfiguration.class);

	@Bean
	AccessControl accessControl(ConfigRegistry config, SessionRegistry sessions) {
		EnumDirective pubsubDefault = config.enumerated("acl-pubsub-default");
		AccessControl acl = new AccessControl(AclCatalog.table(), () -> pubsubDefault.value().equals("allchannels"));
		StringDirective requirepass = config.string("requirepass");
		if (requirepass.value() != null) {
			acl.setDefaultPassword(requirepass.value());
		}
		loadUsers(acl, config);
		requirepass.onApply(() -> {
			acl.setDefaultPassword(requirepass.value());
			return null;
		});
		StringDirective aclFile = config.string("aclfile");
		FileOnlyDirective userLines = config.fileOnly("user", true);
		userLines.rewriteWith(() -> aclFile.value().isEmpty() ? AclFile.configLines(acl) : List.of());
		sessions.initializeWith(session -> session.authenticateAs(acl.defaultUser(), acl.newClientsAuthenticated()));
		return acl;
	}

	/** Redis's ACLLoadUsersAtStartup: user lines of the config file, or the ACL file, not both. */
	private static void loadUsers(AccessControl acl, ConfigRegistry config) {
		String aclFile = config.string("aclfile").value();
		List<List<String>> lines = config.fileOnly("user", true).lines();
		if (!aclFile.isEmpty() && !lines.isEmpty()) {
			throw new IllegalStateException("Configuring Redis with users defined in redis.conf and at the same setting "
					+ "an ACL file path is invalid. This setup is very likely to lead to configuration errors and "
					+ "security holes, please define either an ACL file or declare users directly in your redis.conf, "
					+ "but not both.");
		}
		if (!lines.isEmpty()) {
			Map<String, User> users = new LinkedHashMap<>();
			for (List<String> line : lines) {
				String name = line.get(0);
				User user = acl.newUser(name);
				List<String> rules = new java.util.ArrayList<>();
				if (name.equals(AccessControl.DEFAULT_USER)) {
					rules.add("reset"); // Redis resets the default user before a user line for it
				}
				rules.addAll(AccessControl.mergeSelectors(line.subList(1, line.size())));
				for (String rule : rules) {
					try {
						acl.apply(user, rule);
					}
					catch (AclRuleException ex) {
						throw new IllegalStateException("Error loading ACL rule '" + rule + "' for the user named '" + name
								+ "': " + ex.getMessage());
					}
				}
				if (!user.enabled()) {
					LOGGER.info("The user '" + name + "' is disabled (there is no 'on' modifier in the user description). "
							+ "Make sure this is not a configuration error.");
				}
				users.put(name, user);
			}
			acl.replaceAll(users);
		}
		if (!aclFile.isEmpty()) {
			AclFile.Loaded loaded = AclFile.load(acl, Path.of(aclFile), aclFile);
			if (loaded.errors() != null) {
				throw new IllegalStateException("Aborting Redis startup because of ACL errors: " + loaded.errors());
			}
			acl.replaceAll(loaded.users());
		}
	}

	@Bean
	AclLog aclLog() {
		return new AclLog(System::currentTimeMillis);
	}

	/** First of the command gates: NOAUTH and NOPERM come before OOM, as in Redis's processCommand. */
	@Bean
	@Order(1)
	AclGate aclGate(AccessControl acl, AclLog log, ServerStats stats, ConfigRegistry config) {
		NumericDirective maxLength = config.numeric("acllog-max-len");
		return new AclGate(acl, log, stats, maxLength::value, System::currentTimeMillis);
	}

	@Bean
	AclCommands aclCommands(AccessControl acl, AclLog log, AclGate gate, SessionRegistry sessions,
			TransactionManager transactions, ConfigRegistry config) {
		StringDirective aclFile = config.string("aclfile");
		return new AclCommands(acl, log, gate, sessions, transactions,
				() -> aclFile.value().isEmpty() ? null : aclFile.value(), System::currentTimeMillis);
	}

	@Bean
	ProtectedMode protectedMode(ConfigRegistry config, AccessControl acl) {
		return new ProtectedMode(config.bool("protected-mode"), acl);
	}

}
