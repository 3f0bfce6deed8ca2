package io.kvserver.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.kvserver.protocol.InlineSplitter;
import io.kvserver.util.OsErrors;

/**
 * Reads configuration text as Redis's loadServerConfig and loadServerConfigFromString do: the file,
 * then the command-line directives appended after a newline, split into lines (each trimmed of
 * spaces, tabs, CR and LF), '#' comments and blank lines skipped, each line split into arguments
 * with Redis's quoting rules. {@code include} reads another file (or every file a glob pattern
 * matches) at that point, with its own line numbers; the first error stops everything.
 */
final class ConfigText {

	private static final Log LOGGER = LogFactory.getLog(ConfigText.class);

	/** Directives Redis 7.0 still accepts and ignores, with the argument counts it accepts. */
	private static final List<String> DEPRECATED = List.of("list-max-ziplist-entries", "list-max-ziplist-value",
			"lua-replicate-commands");

	private final ConfigRegistry registry;

	ConfigText(ConfigRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Redis's loadServerConfig: the file (null for none), then {@code options} (null for none).
	 * @throws ConfigFileException at the first error, with Redis's text
	 */
	void load(@Nullable String filename, @Nullable String options) {
		StringBuilder config = new StringBuilder();
		if (filename != null) {
			for (Path file : files(filename)) {
				config.append(read(file));
			}
		}
		if (options != null) {
			config.append('\n').append(options);
		}
		loadString(config.toString());
	}

	/** The file, or for a name with glob characters every file it matches (none is fine), in name order. */
	private static List<Path> files(String filename) {
		if (filename.indexOf('*') < 0 && filename.indexOf('?') < 0 && filename.indexOf('[') < 0) {
			return List.of(Path.of(filename));
		}
		Path pattern = Path.of(filename);
		Path dir = pattern.getParent() != null ? pattern.getParent() : Path.of(".");
		PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern.getFileName());
		try (Stream<Path> listing = Files.list(dir)) {
			return listing.filter(p -> matcher.matches(p.getFileName())).sorted().toList();
		}
		catch (IOException ex) {
			return List.of(); // glob(3) finding nothing is not an error
		}
	}

	private static String read(Path file) {
		try {
			return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new ConfigFileException("Fatal error, can't open config file '" + file + "': " + OsErrors.strerror(ex));
		}
	}


	/** Redis's loadServerConfigFromString. */
	void loadString(String config) {
		String[] lines = config.split("\n", -1);
		for (int i = 0; i < lines.length; i++) {
			String line = trim(lines[i]);
			if (line.isEmpty() || line.charAt(0) == '#') {
				continue;
			}
			String reason = apply(line);
			if (reason != null) {
				throw new ConfigFileException(i + 1, line, reason);
			}
		}
	}

	/** One line: null if it was applied, else Redis's reason. */
	private @Nullable String apply(String line) {
		List<String> argv = split(line);
		if (argv == null) {
			return "Unbalanced quotes in configuration line";
		}
		if (argv.isEmpty()) {
			return null;
		}
		String name = argv.get(0).toLowerCase(Locale.ROOT);
		List<String> args = argv.subList(1, argv.size());
		Directive directive = this.registry.lookup(name);
		if (directive != null) {
			return set(directive, args);
		}
		if (DEPRECATED.contains(name) && argv.size() == 2) {
			return null;
		}
		if (name.equals("include") && argv.size() == 2) {
			load(args.get(0), null);
			return null;
		}
		FileOnlyDirective fileOnly = this.registry.fileOnly(name);
		if (fileOnly != null && argv.size() - 1 >= fileOnly.minArgs()) {
			return fileOnly.accept(args);
		}
		if (this.registry.isRedisDirective(name)) {
			LOGGER.warn("The Redis directive '" + name + "' is not implemented by kvserver; ignored");
			return null;
		}
		return "Bad directive or wrong number of arguments";
	}

	private @Nullable String set(Directive directive, List<String> args) {
		List<String> values = args;
		if (!directive.has(DirectiveFlag.MULTI_ARG)) {
			if (args.size() != 1) {
				return "wrong number of arguments";
			}
		}
		else if (args.size() == 1 && !args.get(0).isEmpty()) {
			// One argument holding several, as in --bind "127.0.0.1 ::1": split it again.
			List<String> again = split(args.get(0));
			values = again != null ? again : List.of();
		}
		try {
			directive.load(values);
		}
		catch (InvalidValueException ex) {
			return ex.getMessage();
		}
		this.registry.configured(directive);
		return null;
	}

	/** Redis's sdssplitargs, or null for unbalanced quotes. */
	static @Nullable List<String> split(String line) {
		byte[][] argv = InlineSplitter.split(line.getBytes(StandardCharsets.ISO_8859_1));
		if (argv == null) {
			return null;
		}
		List<String> out = new ArrayList<>(argv.length);
		Arrays.stream(argv).forEach(arg -> out.add(new String(arg, StandardCharsets.ISO_8859_1)));
		return out;
	}

	/** Redis's sdstrim(line, " \t\r\n"). */
	static String trim(String line) {
		int start = 0;
		int end = line.length();
		while (start < end && isTrimmed(line.charAt(start))) {
			start++;
		}
		while (end > start && isTrimmed(line.charAt(end - 1))) {
			end--;
		}
		return line.substring(start, end);
	}

	private static boolean isTrimmed(char c) {
		return c == ' ' || c == '\t' || c == '\r' || c == '\n';
	}

}
