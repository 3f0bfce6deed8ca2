package io.kvserver.config;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The command line as redis-server reads it, with Spring's arguments let through: an optional
 * config file first ({@code kvserver.jar /etc/redis.conf}), then directives as {@code --name value
 * ...} (or {@code "--name value"} in one argument), which become config lines read after the file.
 * An argument {@code --name=value} is Spring's ({@code --kvserver.transport=net},
 * {@code --server.port=0}) and is passed on to Spring unchanged.
 *
 * @param configFile the config file, or null
 * @param options the directives, one per line, or null if there are none
 * @param springArgs the arguments for Spring
 */
public record LaunchArguments(@Nullable String configFile, @Nullable String options, List<String> springArgs) {

	public static LaunchArguments parse(String... args) {
		int j = 0;
		String configFile = null;
		if (args.length > 0 && !args[0].startsWith("-")) {
			configFile = args[0];
			j = 1;
		}
		List<String> spring = new ArrayList<>();
		StringBuilder options = new StringBuilder();
		boolean lastHadValue = true;
		for (; j < args.length; j++) {
			String arg = args[j];
			if (isSpringArgument(arg)) {
				spring.add(arg);
				continue;
			}
			if (lastHadValue && arg.startsWith("--")) {
				if (!options.isEmpty()) {
					options.append('\n');
				}
				options.append(arg, 2, arg.length()).append(' ');
				List<String> words = ConfigText.split(arg);
				lastHadValue = words == null || words.size() != 1;
				if (!lastHadValue && arg.equalsIgnoreCase("--save")
						&& (j == args.length - 1 || args[j + 1].startsWith("--"))) {
					options.append("\"\""); // "--save" with no value is save "", as Redis 7.0.1+ reads it
					lastHadValue = true;
				}
			}
			else {
				options.append(ConfigRewrite.quoted(arg)).append(' ');
				lastHadValue = true;
			}
		}
		return new LaunchArguments(configFile, options.isEmpty() ? null : options.toString(), List.copyOf(spring));
	}

	/** {@code --name=value} with no space in the name: Spring Boot's form, never Redis's. */
	private static boolean isSpringArgument(String arg) {
		int equals = arg.indexOf('=');
		return arg.startsWith("--") && equals > 2 && arg.lastIndexOf(' ', equals) < 0;
	}

	/** Whether there is anything for the config registry to read. */
	public boolean hasConfig() {
		return this.configFile != null || this.options != null;
	}

}
