package io.kvserver.support;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One scrape of {@code /actuator/prometheus}, parsed: every sample line as series ("name{labels}",
 * exactly as exposed) to value. Micrometer writes labels in alphabetical order.
 */
public final class PrometheusText {

	private final Map<String, Double> samples = new LinkedHashMap<>();

	public PrometheusText(String text) {
		for (String line : text.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			int space = line.lastIndexOf(' ');
			this.samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
		}
	}

	/** The value of one series, e.g. {@code kvserver_connections} or {@code kvserver_keyspace_keys{db="0"}}; fails if absent. */
	public double value(String series) {
		Double value = this.samples.get(series);
		if (value == null) {
			throw new AssertionError("no series " + series + " in the scrape; kvserver series: "
					+ this.samples.keySet().stream().filter(s -> s.startsWith("kvserver")).toList());
		}
		return value;
	}

	/** The sum over every series of that metric name whose labels contain all the given {@code key="value"} pairs. */
	public double sum(String name, String... labels) {
		double total = 0;
		for (Map.Entry<String, Double> sample : this.samples.entrySet()) {
			String series = sample.getKey();
			if (!metricName(series).equals(name)) {
				continue;
			}
			boolean matches = true;
			for (String label : labels) {
				matches &= series.contains(label);
			}
			if (matches) {
				total += sample.getValue();
			}
		}
		return total;
	}

	/** Every metric name that has at least one sample (histograms appear as _bucket, _count, _sum, _max). */
	public Set<String> metricNames() {
		Set<String> names = new LinkedHashSet<>();
		this.samples.keySet().forEach(series -> names.add(metricName(series)));
		return names;
	}

	private static String metricName(String series) {
		int brace = series.indexOf('{');
		return brace < 0 ? series : series.substring(0, brace);
	}

}
