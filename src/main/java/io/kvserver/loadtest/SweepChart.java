package io.kvserver.loadtest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.Styler.YAxisPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The sweep as one PNG of two charts against the number of connections: ops/s with the error rate
 * on a second axis, and the latency percentiles. Drawn off-screen (headless AWT), so it needs no
 * display, only fonts.
 */
final class SweepChart {

	static final int WIDTH = 900;

	static final int HEIGHT = 450;

	static {
		drawOffScreen();
	}

	private SweepChart() {
	}

	static void write(Path file, String title, List<RunResult> runs) throws IOException {
		double[] connections = values(runs, RunResult::connections);
		XYChart throughput = chart(title + ": throughput", "ops/s");
		XYSeries ops = throughput.addSeries("ops/s", connections, values(runs, RunResult::opsPerSecond));
		ops.setMarker(SeriesMarkers.CIRCLE);
		XYSeries errors = throughput.addSeries("error rate %", connections, values(runs, RunResult::errorRate));
		errors.setMarker(SeriesMarkers.DIAMOND);
		errors.setYAxisGroup(1);
		throughput.setYAxisGroupTitle(1, "error rate %");
		throughput.getStyler().setYAxisGroupPosition(1, YAxisPosition.Right);
		// Zero errors should read as a flat line at the bottom, not a lone "0" mid-axis.
		double worstErrorRate = runs.stream().mapToDouble(RunResult::errorRate).max().orElse(0);
		throughput.getStyler().setYAxisMin(1, 0.0);
		throughput.getStyler().setYAxisMax(1, Math.min(100, Math.max(1, worstErrorRate * 1.2)));
		throughput.getStyler().putYAxisGroupDecimalPatternMap(1, "0.##");
		throughput.getStyler().setYAxisMin(0.0);
		throughput.getStyler().setYAxisDecimalPattern("#,###");

		XYChart latency = chart(title + ": latency", "ms");
		addLatency(latency, "p50", connections, values(runs, (r) -> r.p50Micros() / 1000.0));
		addLatency(latency, "p90", connections, values(runs, (r) -> r.p90Micros() / 1000.0));
		addLatency(latency, "p99", connections, values(runs, (r) -> r.p99Micros() / 1000.0));
		addLatency(latency, "p99.9", connections, values(runs, (r) -> r.p999Micros() / 1000.0));
		addLatency(latency, "max", connections, values(runs, (r) -> r.maxMicros() / 1000.0));
		// Percentiles span orders of magnitude, so a log axis, unless a run without replies has zeros.
		latency.getStyler().setYAxisLogarithmic(runs.stream().allMatch((r) -> r.p50Micros() > 0));

		Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
		try (OutputStream out = Files.newOutputStream(temporary)) {
			BitmapEncoder.saveBitmap(List.of(throughput, latency), 2, 1, out, BitmapFormat.PNG);
		}
		Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
	}

	/** Off-screen drawing only: never look for a display, even where DISPLAY happens to be set. */
	static void drawOffScreen() {
		if (System.getProperty("java.awt.headless") == null) {
			System.setProperty("java.awt.headless", "true");
		}
	}

	/** A chart against the number of connections, legend on the right. */
	static XYChart chart(String title, String yTitle) {
		XYChart chart = new XYChartBuilder().width(WIDTH)
			.height(HEIGHT)
			.title(title)
			.xAxisTitle("connections")
			.yAxisTitle(yTitle)
			.build();
		chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
		chart.getStyler().setXAxisDecimalPattern("#,###");
		chart.getStyler().setMarkerSize(7);
		return chart;
	}

	private static void addLatency(XYChart chart, String name, double[] x, double[] y) {
		chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
	}

	private static double[] values(List<RunResult> runs, ToDoubleFunction<RunResult> value) {
		return runs.stream().mapToDouble(value).toArray();
	}

}
