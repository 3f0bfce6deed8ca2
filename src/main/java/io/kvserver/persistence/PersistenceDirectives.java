package io.kvserver.persistence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.kvserver.config.BoolDirective;
import io.kvserver.config.ConfigRegistry;
import io.kvserver.config.ConfigRewrite;
import io.kvserver.config.Directive;
import io.kvserver.config.DirectiveFlag;
import io.kvserver.config.DirectiveSet;
import io.kvserver.config.InvalidValueException;
import io.kvserver.config.StringDirective;

/**
 * The RDB directives, with Redis 7.0's types and defaults: save, dir and dbfilename (protected, as
 * Redis protects them), rdbcompression, rdbchecksum (fixed at start) and stop-writes-on-bgsave-error.
 */
public final class PersistenceDirectives implements DirectiveSet {

	@Override
	public void declare(ConfigRegistry registry) {
		registry.add(new SaveDirective());
		registry.add(new DirDirective());
		registry.add(new StringDirective("dbfilename", null, "dump.rdb", false,
				text -> text.indexOf('/') >= 0 ? "dbfilename can't be a path, just a filename" : null,
				DirectiveFlag.PROTECTED));
		registry.add(new BoolDirective("rdbcompression", null, true));
		registry.add(new BoolDirective("rdbchecksum", null, true, DirectiveFlag.IMMUTABLE));
		registry.add(new BoolDirective("stop-writes-on-bgsave-error", null, true));
	}

	/** The settings the persistence reads, from the directives, kept up to date by CONFIG SET. */
	public static PersistenceSettings settings(ConfigRegistry config) {
		SaveDirective save = config.directive("save", SaveDirective.class);
		BoolDirective compression = config.bool("rdbcompression");
		BoolDirective stopWrites = config.bool("stop-writes-on-bgsave-error");
		PersistenceSettings settings = new PersistenceSettings(config.directive("dir", DirDirective.class).path(),
				config.string("dbfilename").value(), save.rules());
		settings.setRdbCompression(compression.value());
		settings.setRdbChecksum(config.bool("rdbchecksum").value());
		settings.setStopWritesOnBgsaveError(stopWrites.value());
		save.onApply(() -> {
			settings.setSaveRules(save.rules());
			return null;
		});
		compression.onApply(() -> {
			settings.setRdbCompression(compression.value());
			return null;
		});
		stopWrites.onApply(() -> {
			settings.setStopWritesOnBgsaveError(stopWrites.value());
			return null;
		});
		return settings;
	}

	/**
	 * {@code dir}: where the files live. Redis changes its working directory to it, so CONFIG GET
	 * shows the absolute path and CONFIG REWRITE always writes it; kvserver keeps its working
	 * directory and resolves the path instead, which shows the same.
	 */
	static final class DirDirective extends Directive {

		private volatile Path path = Path.of("").toAbsolutePath();

		DirDirective() {
			super("dir", null, DirectiveFlag.PROTECTED);
		}

		Path path() {
			return this.path;
		}

		@Override
		public boolean set(List<String> args) {
			Path resolved = Path.of(args.get(0)).toAbsolutePath().normalize();
			boolean changed = !resolved.equals(this.path);
			this.path = resolved;
			return changed;
		}

		@Override
		public String get() {
			return this.path.toString();
		}

		@Override
		protected void rewrite(ConfigRewrite rewrite) {
			rewrite.line(name(), name() + " " + ConfigRewrite.quoted(get()), true);
		}

	}

	/**
	 * {@code save <seconds> <changes> [...]}, as Redis's setConfigSaveOption: CONFIG SET replaces the
	 * rules; in the config file the first save line replaces Redis's default and later ones add to it;
	 * {@code save ""} means none.
	 */
	static final class SaveDirective extends Directive {

		private volatile List<SaveRule> rules = SaveRule.REDIS_DEFAULT;

		private boolean loadedFromFile;

		SaveDirective() {
			super("save", null, DirectiveFlag.MULTI_ARG);
		}

		List<SaveRule> rules() {
			return this.rules;
		}

		@Override
		public boolean set(List<String> args) throws InvalidValueException {
			List<SaveRule> parsed = parse(args);
			boolean changed = !parsed.equals(this.rules);
			this.rules = parsed;
			return changed;
		}

		@Override
		public boolean load(List<String> args) throws InvalidValueException {
			List<SaveRule> parsed = parse(args);
			List<SaveRule> all = new ArrayList<>(this.loadedFromFile && !isEmptyValue(args) ? this.rules : List.of());
			all.addAll(parsed);
			this.loadedFromFile = true;
			this.rules = List.copyOf(all);
			return true;
		}

		private static boolean isEmptyValue(List<String> args) {
			return args.isEmpty() || (args.size() == 1 && args.get(0).isEmpty());
		}

		private static List<SaveRule> parse(List<String> args) throws InvalidValueException {
			if (isEmptyValue(args)) {
				return List.of();
			}
			List<SaveRule> parsed = SaveRule.parse(String.join(" ", args));
			if (parsed == null) {
				throw new InvalidValueException("Invalid save parameters");
			}
			return parsed;
		}

		@Override
		public String get() {
			return SaveRule.format(this.rules);
		}

		@Override
		protected void rewrite(ConfigRewrite rewrite) {
			List<SaveRule> current = this.rules;
			if (current.isEmpty()) {
				rewrite.line(name(), "save \"\"", true);
			}
			for (SaveRule rule : current) {
				rewrite.line(name(), "save " + rule.seconds() + " " + rule.changes(), true);
			}
			rewrite.processed(name());
		}

	}

}
