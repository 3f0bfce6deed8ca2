package io.kvserver.metrics;

import java.util.ArrayList;
import java.util.List;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyHistogramTest {

	@Test
	void boundsRunFrom100NanosecondsToOneSecondSixPerDecade() {
		assertThat(LatencyHistogram.BOUNDS_NANOS).hasSize(43)
			.startsWith(100, 150, 200, 300, 500, 700, 1000)
			.endsWith(500_000_000, 700_000_000, 1_000_000_000);
	}

	@Test
	void eachDurationLandsInTheFirstBucketWhoseBoundIsNotBelowIt() {
		LatencyHistogram histogram = new LatencyHistogram();
		histogram.record(1);
		histogram.record(100);
		histogram.record(101);
		histogram.record(150);
		histogram.record(1_000_000_000);
		histogram.record(1_000_000_001);
		long[] counts = histogram.counts();
		assertThat(counts).hasSize(44);
		assertThat(counts[0]).isEqualTo(2);
		assertThat(counts[1]).isEqualTo(2);
		assertThat(counts[42]).isEqualTo(1);
		assertThat(counts[43]).as("+Inf").isEqualTo(1);
		assertThat(histogram.sumNanos()).isEqualTo(1 + 100 + 101 + 150 + 1_000_000_000L + 1_000_000_001L);
	}

	@Test
	void everyBoundItsNeighboursAndEveryPowerOfTwoLandWhereAFullScanPutsThem() {
		List<Long> durations = new ArrayList<>();
		for (long bound : LatencyHistogram.BOUNDS_NANOS) {
			durations.addAll(List.of(bound - 1, bound, bound + 1));
		}
		for (int bit = 0; bit < 63; bit++) {
			durations.addAll(List.of((1L << bit) - 1, 1L << bit, (1L << bit) + 1));
		}
		for (long nanos : durations) {
			if (nanos <= 0) {
				continue;
			}
			LatencyHistogram histogram = new LatencyHistogram();
			histogram.record(nanos);
			int expected = 0;
			while (expected < LatencyHistogram.BOUNDS_NANOS.length && nanos > LatencyHistogram.BOUNDS_NANOS[expected]) {
				expected++;
			}
			assertThat(histogram.counts()[expected]).as("bucket of %d ns", nanos).isEqualTo(1);
		}
	}

	@Test
	void collectorPublishesOneHistogramPerFamilyInSeconds() {
		CommandStats get = new CommandStats("get");
		CommandStats set = new CommandStats("set");
		CommandStats ping = new CommandStats("ping");
		CommandStats.Family strings = new CommandStats.Family("string");
		CommandStats.Family connection = new CommandStats.Family("connection");
		get.assignFamily(strings);
		set.assignFamily(strings);
		ping.assignFamily(connection);
		get.called(false);
		get.ran(120, 1);
		set.called(false);
		set.ran(2_500, 1);
		set.called(true); // untimed: counted, not in the histogram

		HistogramSnapshot snapshot = (HistogramSnapshot) new CommandLatencyCollector(List.of(get, set, ping)).collect();
		assertThat(snapshot.getMetadata().getPrometheusName()).isEqualTo("kvserver_command_latency_seconds");
		List<HistogramDataPointSnapshot> points = snapshot.getDataPoints();
		assertThat(points).extracting(p -> p.getLabels().get("family")).containsExactlyInAnyOrder("string", "connection");
		HistogramDataPointSnapshot string = point(points, "string");
		assertThat(string.getCount()).isEqualTo(2);
		assertThat(string.getSum()).isEqualTo(2_620e-9, Offset.offset(1e-15));
		assertThat(string.getClassicBuckets().getUpperBound(1)).isEqualTo(150e-9);
		assertThat(string.getClassicBuckets().getCount(1)).as("120 ns").isEqualTo(1);
		assertThat(point(points, "connection").getCount()).isZero();
		assertThat(set.calls()).isEqualTo(2);
		assertThat(set.micros()).isEqualTo(2);
	}

	@Test
	void aRunOfCallsSharingOneClockReadIsRecordedAtItsMeanWithTheExactSum() {
		CommandStats get = new CommandStats("get");
		CommandStats.Family strings = new CommandStats.Family("string");
		get.assignFamily(strings);
		for (int i = 0; i < 16; i++) {
			get.called(false);
		}
		get.ran(16 * 140 + 5, 16); // 16 GETs of a pipeline, 140 ns each and 5 ns left over

		HistogramDataPointSnapshot string = point(
				((HistogramSnapshot) new CommandLatencyCollector(List.of(get)).collect()).getDataPoints(), "string");
		assertThat(string.getCount()).isEqualTo(16);
		assertThat(string.getClassicBuckets().getCount(1)).as("140 ns, in the 150 ns bucket").isEqualTo(16);
		assertThat(string.getSum()).isEqualTo(2_245e-9, Offset.offset(1e-15));
		assertThat(get.calls()).isEqualTo(16);
	}

	private static HistogramDataPointSnapshot point(List<HistogramDataPointSnapshot> points, String family) {
		return points.stream().filter(p -> family.equals(p.getLabels().get("family"))).findFirst().orElseThrow();
	}

}
