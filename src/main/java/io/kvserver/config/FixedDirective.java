package io.kvserver.config;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A Redis directive whose value kvserver reports but cannot change (appendonly is "no" while there
 * is no persistence): CONFIG GET shows the value and CONFIG SET answers "can't set immutable
 * config". A config file may name it: its value is logged as ignored unless it is the fixed one.
 */
public final class FixedDirective extends Directive {

	private static final Log LOGGER = LogFactory.getLog(FixedDirective.class);

	private final String value;

	public FixedDirective(String name, String value) {
		super(name, null, DirectiveFlag.IMMUTABLE, DirectiveFlag.MULTI_ARG);
		this.value = value;
	}

	@Override
	public boolean set(List<String> args) {
		String given = String.join(" ", args);
		if (!given.equals(this.value)) {
			LOGGER.warn("kvserver does not implement '" + name() + " " + given + "'; " + name() + " stays '"
					+ this.value + "'");
		}
		return false;
	}

	@Override
	public String get() {
		return this.value;
	}

	@Override
	protected void rewrite(ConfigRewrite rewrite) {
		// left as the file has it
	}

}
