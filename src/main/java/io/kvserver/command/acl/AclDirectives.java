package io.kvserver.command.acl;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.kvserver.config.BoolDirective;
import io.kvserver.config.ConfigRegistry;
import io.kvserver.config.DirectiveFlag;
import io.kvserver.config.DirectiveSet;
import io.kvserver.config.EnumDirective;
import io.kvserver.config.FileOnlyDirective;
import io.kvserver.config.NumericDirective;
import io.kvserver.config.StringDirective;
import io.kvserver.security.AccessControl;

/**
 * The security directives, with Redis 7.0's types and defaults: protected-mode, requirepass,
 * aclfile, acllog-max-len, acl-pubsub-default, and the config file's {@code user} lines, whose rules
 * are checked as the file is read (as Redis's ACLAppendUserForLoading does).
 */
public final class AclDirectives implements DirectiveSet {

	@Override
	public void declare(ConfigRegistry registry) {
		registry.add(new BoolDirective("protected-mode", null, true));
		registry.add(new StringDirective("requirepass", null, true, DirectiveFlag.SENSITIVE));
		registry.add(new StringDirective("aclfile", "", false, DirectiveFlag.IMMUTABLE));
		registry.add(new NumericDirective("acllog-max-len", null, 0, Long.MAX_VALUE, true, NumericDirective.Format.INTEGER,
				128));
		EnumDirective pubsubDefault = registry
			.add(new EnumDirective("acl-pubsub-default", null, List.of("allchannels", "resetchannels"), "resetchannels"));
		AccessControl checker = new AccessControl(AclCatalog.table(), () -> pubsubDefault.value().equals("allchannels"));
		Set<String> declared = new HashSet<>();
		registry.addFileOnly(new FileOnlyDirective("user", 1, args -> {
			if (!declared.add(args.get(0))) {
				return "Error in user declaration '" + args.get(0)
						+ "': Duplicate user found. A user can only be defined once in config files";
			}
			return checker.checkUserLine(args);
		}));
	}

}
