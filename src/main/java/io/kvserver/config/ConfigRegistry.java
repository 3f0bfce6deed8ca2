package io.kvserver.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.support.SpringFactoriesLoader;

import io.kvserver.util.OsErrors;

/**
 * Every configuration directive kvserver knows, under Redis's names: what the config file, the
 * command line, {@code kvserver.*} Spring properties, CONFIG GET, CONFIG SET and CONFIG REWRITE
 * read and write. Subsystems declare their directives in a {@link DirectiveSet}; their beans then
 * read the values and hook changes ({@link Directive#onApply}).
 * <p>
 * Precedence at start, lowest first: Redis's default, the Spring property {@code kvserver.<name>},
 * the config file, the {@code --name value} directives of the command line.
 */
public final class ConfigRegistry {

	private static final String REDIS_NAMES = "redis-7.0-directives.txt";

	/** Names and aliases, lower-case, in declaration order. */
	private final Map<String, Directive> byName = new LinkedHashMap<>();

	private final List<Directive> directives = new ArrayList<>();

	private final Map<String, FileOnlyDirective> fileOnly = new LinkedHashMap<>();

	/** Directives the file or the command line set, which Spring properties no longer override. */
	private final Set<Directive> configured = Collections.synchronizedSet(new HashSet<>());

	private final Set<String> redisNames;

	private volatile @Nullable Path configFile;

	private ConfigRegistry() {
		this.redisNames = readRedisNames();
	}

	/** The directives of every {@link DirectiveSet} listed in {@code META-INF/spring.factories}. */
	public static ConfigRegistry declared() {
		List<DirectiveSet> sets = SpringFactoriesLoader.forDefaultResourceLocation(ConfigRegistry.class.getClassLoader())
			.load(DirectiveSet.class);
		return of(sets.toArray(DirectiveSet[]::new));
	}

	/** The directives of these sets only. */
	public static ConfigRegistry of(DirectiveSet... sets) {
		ConfigRegistry registry = new ConfigRegistry();
		Arrays.stream(sets).forEach(set -> set.declare(registry));
		return registry;
	}

	public <T extends Directive> T add(T directive) {
		put(directive.name(), directive);
		if (directive.alias() != null) {
			put(directive.alias(), directive);
		}
		this.directives.add(directive);
		return directive;
	}

	private void put(String name, Directive directive) {
		if (this.byName.putIfAbsent(name.toLowerCase(Locale.ROOT), directive) != null
				|| this.fileOnly.containsKey(name)) {
			throw new IllegalStateException("directive declared twice: " + name);
		}
	}

	public FileOnlyDirective addFileOnly(FileOnlyDirective directive) {
		if (this.fileOnly.putIfAbsent(directive.name(), directive) != null || this.byName.containsKey(directive.name())) {
			throw new IllegalStateException("directive declared twice: " + directive.name());
		}
		return directive;
	}

	/** The directive of this name or alias (any case), or null. */
	public @Nullable Directive lookup(String name) {
		return this.byName.get(name.toLowerCase(Locale.ROOT));
	}

	/** A declared directive of a known type; a wrong name is a programming error. */
	public <T extends Directive> T directive(String name, Class<T> type) {
		Directive directive = lookup(name);
		if (!type.isInstance(directive)) {
			throw new IllegalArgumentException("no " + type.getSimpleName() + " directive named " + name);
		}
		return type.cast(directive);
	}

	public NumericDirective numeric(String name) {
		return directive(name, NumericDirective.class);
	}

	public BoolDirective bool(String name) {
		return directive(name, BoolDirective.class);
	}

	public EnumDirective enumerated(String name) {
		return directive(name, EnumDirective.class);
	}

	public StringDirective string(String name) {
		return directive(name, StringDirective.class);
	}

	public WordsDirective words(String name) {
		return directive(name, WordsDirective.class);
	}

	public FileOnlyDirective fileOnly(String name, boolean required) {
		FileOnlyDirective directive = this.fileOnly.get(name);
		if (directive == null && required) {
			throw new IllegalArgumentException("no file-only directive named " + name);
		}
		return directive;
	}

	@Nullable FileOnlyDirective fileOnly(String name) {
		return this.fileOnly.get(name);
	}

	/** Names and aliases CONFIG GET may list, in declaration order. */
	public Map<String, Directive> all() {
		return Collections.unmodifiableMap(this.byName);
	}

	/** Whether Redis 7.0 has a directive of this name (lower-case), implemented here or not. */
	boolean isRedisDirective(String name) {
		return this.redisNames.contains(name);
	}

	void configured(Directive directive) {
		this.configured.add(directive);
	}

	/**
	 * Loads a config file and command-line directives as redis-server does.
	 * @param file the config file, or null
	 * @param options directives, one per line ("port 7000\nbind 0.0.0.0"), read after the file, or null
	 * @throws ConfigFileException at the first error, with Redis's report
	 */
	public void load(@Nullable String file, @Nullable String options) {
		if (file != null) {
			this.configFile = Path.of(file).toAbsolutePath();
		}
		new ConfigText(this).load(file, options);
	}

	/** The config file the server was started with (CONFIG REWRITE writes it), or null. */
	public @Nullable Path configFile() {
		return this.configFile;
	}

	/**
	 * Spring properties under the file: for each directive the file and command line left alone,
	 * the value of {@code kvserver.<name>}, if set, is read as a file line would be.
	 * @param property the value of a property, or null if it is not set
	 * @throws IllegalStateException naming the property, for a value Redis would refuse
	 */
	public void applyProperties(Function<String, @Nullable String> property) {
		for (Directive directive : this.directives) {
			if (this.configured.contains(directive)) {
				continue;
			}
			String key = "kvserver." + directive.name();
			String value = property.apply(key);
			if (value == null) {
				continue;
			}
			if (directive instanceof BoolDirective && (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false"))) {
				value = value.equalsIgnoreCase("true") ? "yes" : "no"; // Spring's spelling of a boolean
			}
			List<String> args = directive.has(DirectiveFlag.MULTI_ARG) && !value.isEmpty() ? ConfigText.split(value)
					: List.of(value);
			try {
				if (args == null) {
					throw new InvalidValueException("Unbalanced quotes");
				}
				directive.set(args);
			}
			catch (InvalidValueException ex) {
				throw new IllegalStateException("Invalid " + key + ": " + ex.getMessage());
			}
		}
	}

	/**
	 * CONFIG SET name value [name value ...], all or nothing, checked in Redis 7.0's order: unknown
	 * names first, then immutable or repeated ones, then each value, then the apply hooks; on a
	 * failure every value set so far is restored.
	 * @param pairs names and values, alternating (an even number)
	 * @return null if applied, else Redis's error text without its "ERR " prefix
	 */
	public @Nullable String set(List<String> pairs) {
		List<Directive> chosen = new ArrayList<>();
		String unknown = null;
		String failedName = null;
		String reason = null;
		for (int i = 0; i < pairs.size(); i += 2) {
			String name = pairs.get(i);
			Directive directive = lookup(name);
			if (directive == null) {
				if (unknown == null && failedName == null) {
					unknown = name;
				}
				continue;
			}
			if (unknown == null && failedName == null) {
				if (directive.has(DirectiveFlag.IMMUTABLE) || directive.has(DirectiveFlag.PROTECTED)) {
					failedName = name;
					reason = directive.has(DirectiveFlag.IMMUTABLE) ? "can't set immutable config"
							: "can't set protected config";
				}
				else if (chosen.contains(directive)) {
					failedName = name;
					reason = "duplicate parameter";
				}
			}
			chosen.add(directive);
		}
		if (unknown != null) {
			return "Unknown option or number of arguments for CONFIG SET - '" + unknown + "'";
		}
		if (failedName != null) {
			return failed(failedName, reason);
		}
		List<String> previous = chosen.stream().map(Directive::get).toList();
		List<Directive> changed = new ArrayList<>();
		for (int i = 0; i < chosen.size(); i++) {
			Directive directive = chosen.get(i);
			try {
				if (directive.set(valueArgs(directive, pairs.get(2 * i + 1)))) {
					changed.add(directive);
				}
			}
			catch (InvalidValueException ex) {
				restore(chosen.subList(0, i + 1), previous, List.of());
				return failed(directive.name(), ex.getMessage());
			}
		}
		for (Directive directive : changed) {
			String refused = directive.apply();
			if (refused != null) {
				restore(chosen, previous, changed);
				return failed(directive.name(), refused);
			}
		}
		return null;
	}

	private static String failed(String name, @Nullable String reason) {
		return "CONFIG SET failed (possibly related to argument '" + name + "')" + (reason != null ? " - " + reason : "");
	}

	/** Redis's performInterfaceSet: a multi-argument value is split at single spaces. */
	private static List<String> valueArgs(Directive directive, String value) {
		if (!directive.has(DirectiveFlag.MULTI_ARG)) {
			return List.of(value);
		}
		return value.isEmpty() ? List.of() : List.of(value.split(" ", -1));
	}

	private static void restore(List<Directive> directives, List<String> previous, List<Directive> reapply) {
		for (int i = 0; i < directives.size(); i++) {
			try {
				directives.get(i).set(valueArgs(directives.get(i), previous.get(i)));
			}
			catch (InvalidValueException ex) {
				throw new IllegalStateException("cannot restore " + directives.get(i) + " to its previous value", ex);
			}
		}
		reapply.forEach(Directive::apply);
	}

	/**
	 * CONFIG REWRITE: the config file the server started with, rewritten with the current values.
	 * @return null if written, else Redis's error text without "ERR "
	 */
	public @Nullable String rewrite() {
		Path file = this.configFile;
		if (file == null) {
			return "The server is running without a config file";
		}
		try {
			ConfigRewrite state = ConfigRewrite.readOldFile(file, this::canonicalName);
			for (Directive directive : this.directives) {
				directive.rewrite(state);
			}
			this.fileOnly.values().forEach(directive -> directive.rewrite(state));
			overwrite(file, state.content());
			return null;
		}
		catch (IOException ex) {
			return "Rewriting config file: " + OsErrors.strerror(ex);
		}
	}

	/** The name a file line's directive is rewritten under, or null for a line Redis would not understand. */
	private @Nullable String canonicalName(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		Directive directive = this.byName.get(lower);
		if (directive != null) {
			return directive.name();
		}
		if (this.fileOnly.containsKey(lower) || this.redisNames.contains(lower) || lower.equals("include")) {
			return lower;
		}
		return null;
	}

	/** Written to a temporary file beside it, then renamed over it, so a crash never leaves half a file. */
	private static void overwrite(Path file, String content) throws IOException {
		Path dir = file.toAbsolutePath().getParent();
		Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
		try {
			Files.write(temp, content.getBytes(StandardCharsets.ISO_8859_1));
			try {
				Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system: keep the default permissions
			}
			Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	private static Set<String> readRedisNames() {
		InputStream in = ConfigRegistry.class.getResourceAsStream(REDIS_NAMES);
		if (in == null) {
			throw new IllegalStateException("missing resource io/kvserver/config/" + REDIS_NAMES);
		}
		Set<String> names = new HashSet<>();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
			reader.lines()
				.filter(line -> !line.isBlank() && !line.startsWith("#"))
				.forEach(line -> names.addAll(List.of(line.trim().split(" +"))));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return Set.copyOf(names);
	}

}
