package io.kvserver.metrics;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * Publishes each command family's {@link LatencyHistogram} as one Prometheus histogram,
 * {@code kvserver_command_latency_seconds{family="..."}}, so p50/p99/p999 come from
 * {@code histogram_quantile} over its buckets. It is read straight into the scrape, beside the
 * Micrometer meters.
 */
public final class CommandLatencyCollector implements Collector {

	static final String NAME = "kvserver_command_latency_seconds";

	private static final double[] UPPER_BOUNDS = upperBounds();

	private final List<CommandStats.Family> families;

	public CommandLatencyCollector(List<CommandStats> commands) {
		Set<CommandStats.Family> distinct = new LinkedHashSet<>();
		commands.forEach(command -> distinct.add(command.family()));
		this.families = List.copyOf(distinct);
	}

	private static double[] upperBounds() {
		double[] bounds = new double[LatencyHistogram.BOUNDS_NANOS.length + 1];
		for (int i = 0; i < LatencyHistogram.BOUNDS_NANOS.length; i++) {
			bounds[i] = Unit.nanosToSeconds(LatencyHistogram.BOUNDS_NANOS[i]);
		}
		bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
		return bounds;
	}

	@Override
	public MetricSnapshot collect() {
		HistogramSnapshot.Builder histogram = HistogramSnapshot.builder()
			.name(NAME)
			.help("Time a command runs, dispatch included, under the database lock, by command family")
			.unit(Unit.SECONDS);
		for (CommandStats.Family family : this.families) {
			LatencyHistogram latency = family.latency();
			histogram.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
				.labels(Labels.of("family", family.name()))
				.classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS, latency.counts()))
				.sum(Unit.nanosToSeconds(latency.sumNanos()))
				.build());
		}
		return histogram.build();
	}

	@Override
	public String getPrometheusName() {
		return NAME;
	}

}
