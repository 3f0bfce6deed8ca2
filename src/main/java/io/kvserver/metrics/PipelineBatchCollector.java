package io.kvserver.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;

/** Publishes the {@link BatchSizeHistogram} as the Prometheus histogram {@code kvserver_pipeline_batch_requests}. */
public final class PipelineBatchCollector implements Collector {

	static final String NAME = "kvserver_pipeline_batch_requests";

	private static final double[] UPPER_BOUNDS = upperBounds();

	private final BatchSizeHistogram batches;

	public PipelineBatchCollector(ServerStats stats) {
		this.batches = stats.batchSizes();
	}

	private static double[] upperBounds() {
		double[] bounds = new double[BatchSizeHistogram.BOUNDS.length + 1];
		for (int i = 0; i < BatchSizeHistogram.BOUNDS.length; i++) {
			bounds[i] = BatchSizeHistogram.BOUNDS[i];
		}
		bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
		return bounds;
	}

	@Override
	public MetricSnapshot collect() {
		return HistogramSnapshot.builder()
			.name(NAME)
			.help("Requests per batch: how many pipelined requests were read and run together")
			.unit(new Unit("requests"))
			.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
				.classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS, this.batches.counts()))
				.sum(this.batches.sum())
				.build())
			.build();
	}

	@Override
	public String getPrometheusName() {
		return NAME;
	}

}
