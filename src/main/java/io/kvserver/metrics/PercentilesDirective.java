package io.kvserver.metrics;

import java.util.List;

import io.kvserver.config.ConfigRewrite;
import io.kvserver.config.Directive;
import io.kvserver.config.DirectiveFlag;
import io.kvserver.config.InvalidValueException;

/**
 * latency-tracking-info-percentiles: numbers in [0, 100], several arguments (a single empty one
 * means none), shown as "%f" without trailing zeros, as Redis's special config does.
 */
public final class PercentilesDirective extends Directive {

	private volatile double[] value;

	PercentilesDirective(String name, double[] defaultValue) {
		super(name, null, DirectiveFlag.MULTI_ARG);
		this.value = defaultValue.clone();
	}

	public double[] value() {
		return this.value.clone();
	}

	@Override
	public boolean set(List<String> args) throws InvalidValueException {
		List<String> words = args.size() == 1 && args.get(0).isEmpty() ? List.of() : args;
		double[] parsed = new double[words.size()];
		for (int i = 0; i < parsed.length; i++) {
			try {
				parsed[i] = Double.parseDouble(words.get(i));
			}
			catch (NumberFormatException ex) {
				throw new InvalidValueException("Invalid latency-tracking-info-percentiles parameters");
			}
			if (!(parsed[i] >= 0 && parsed[i] <= 100)) {
				throw new InvalidValueException(
						"latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
			}
		}
		this.value = parsed;
		return true;
	}

	@Override
	public String get() {
		StringBuilder text = new StringBuilder();
		for (double percentile : this.value) {
			if (!text.isEmpty()) {
				text.append(' ');
			}
			text.append(LatencyTracking.trimmed(percentile));
		}
		return text.toString();
	}

	/** Always written, an empty list as "" so the defaults do not come back (Redis's rewrite, forced). */
	@Override
	protected void rewrite(ConfigRewrite rewrite) {
		String shown = get();
		rewrite.line(name(), name() + " " + (shown.isEmpty() ? "\"\"" : shown), true);
	}

}
