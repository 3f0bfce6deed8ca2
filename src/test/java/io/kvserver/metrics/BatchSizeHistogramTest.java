package io.kvserver.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchSizeHistogramTest {

	@ParameterizedTest(name = "{0} requests -> bucket le={1}")
	@CsvSource({ "0, 1", "1, 1", "2, 2", "3, 4", "4, 4", "5, 8", "16, 16", "17, 32", "1000, 1024", "1024, 1024",
			"1025, +Inf", "100000, +Inf" })
	void aBatchLandsInTheSmallestBucketThatHoldsIt(int requests, String bucket) {
		BatchSizeHistogram histogram = new BatchSizeHistogram();
		histogram.record(requests);
		long[] counts = histogram.counts();
		int index = "+Inf".equals(bucket) ? BatchSizeHistogram.BOUNDS.length
				: Arrays.binarySearch(BatchSizeHistogram.BOUNDS, Integer.parseInt(bucket));
		assertThat(counts[index]).isEqualTo(1);
		assertThat(Arrays.stream(counts).sum()).isEqualTo(1);
		assertThat(histogram.sum()).isEqualTo(requests);
		assertThat(histogram.count()).isEqualTo(1);
	}

}
