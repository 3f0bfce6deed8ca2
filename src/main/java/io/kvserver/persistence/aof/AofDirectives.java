package io.kvserver.persistence.aof;

import java.util.List;

import io.kvserver.config.BoolDirective;
import io.kvserver.config.ConfigRegistry;
import io.kvserver.config.DirectiveFlag;
import io.kvserver.config.DirectiveSet;
import io.kvserver.config.EnumDirective;
import io.kvserver.config.FixedDirective;
import io.kvserver.config.NumericDirective;
import io.kvserver.config.StringDirective;

/**
 * The append-only file's directives, with Redis 7.0's types, bounds and defaults; aof-disable-auto-gc
 * and aof-timestamp-enabled are shown at "no", which is all kvserver does.
 */
public final class AofDirectives implements DirectiveSet {

	@Override
	public void declare(ConfigRegistry registry) {
		registry.add(new BoolDirective("appendonly", null, false));
		registry.add(new EnumDirective("appendfsync", null, List.of("everysec", "always", "no"), "everysec"));
		registry.add(new StringDirective("appendfilename", null, "appendonly.aof", false,
				text -> baseNameRefusal(text, "appendfilename", "filename"), DirectiveFlag.IMMUTABLE));
		registry.add(new StringDirective("appenddirname", null, "appendonlydir", false,
				text -> baseNameRefusal(text, "appenddirname", "dirname"), DirectiveFlag.IMMUTABLE));
		registry.add(new BoolDirective("aof-use-rdb-preamble", null, true));
		registry.add(new BoolDirective("no-appendfsync-on-rewrite", null, false));
		// kvserver's rewrite forces its base once, at the end, whatever this says; Redis's every 4 MB
		registry.add(new BoolDirective("aof-rewrite-incremental-fsync", null, true));
		registry.add(new FixedDirective("aof-disable-auto-gc", "no"));
		registry.add(new FixedDirective("aof-timestamp-enabled", "no"));
		registry.add(new BoolDirective("aof-load-truncated", null, true));
		registry.add(NumericDirective.integer("auto-aof-rewrite-percentage", 0, Integer.MAX_VALUE, 100));
		registry.add(NumericDirective.memory("auto-aof-rewrite-min-size", 0, Long.MAX_VALUE, false, 64L * 1024 * 1024));
	}

	/** Redis's isValidAOFfilename and isValidAOFdirname: not empty, and a base name. */
	private static String baseNameRefusal(String text, String name, String what) {
		if (text.isEmpty()) {
			return name + " can't be empty";
		}
		if (text.indexOf('/') >= 0 || text.equals("..")) {
			return name + " can't be a path, just a " + what;
		}
		return null;
	}

	/** The settings the AOF reads, from the directives, kept up to date by CONFIG SET (appendonly aside). */
	public static AofSettings settings(ConfigRegistry config) {
		AofSettings settings = new AofSettings(config.bool("appendonly").value(), config.string("appenddirname").value(),
				config.string("appendfilename").value());
		EnumDirective fsync = config.directive("appendfsync", EnumDirective.class);
		BoolDirective preamble = config.bool("aof-use-rdb-preamble");
		BoolDirective noFsyncOnRewrite = config.bool("no-appendfsync-on-rewrite");
		BoolDirective incrementalFsync = config.bool("aof-rewrite-incremental-fsync");
		BoolDirective loadTruncated = config.bool("aof-load-truncated");
		NumericDirective percentage = config.numeric("auto-aof-rewrite-percentage");
		NumericDirective minSize = config.numeric("auto-aof-rewrite-min-size");
		Runnable apply = () -> {
			settings.setFsync(AofSettings.Fsync.of(fsync.value()));
			settings.setUseRdbPreamble(preamble.value());
			settings.setNoFsyncOnRewrite(noFsyncOnRewrite.value());
			settings.setRewriteIncrementalFsync(incrementalFsync.value());
			settings.setLoadTruncated(loadTruncated.value());
			settings.setRewritePercentage(percentage.value());
			settings.setRewriteMinSize(minSize.value());
		};
		apply.run();
		for (var directive : List.of(fsync, preamble, noFsyncOnRewrite, incrementalFsync, loadTruncated, percentage,
				minSize)) {
			directive.onApply(() -> {
				apply.run();
				return null;
			});
		}
		return settings;
	}

}
