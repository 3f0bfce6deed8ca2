package io.kvserver.loadtest;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import io.kvserver.loadtest.BenchmarkResults.Row;

/**
 * Every server of a side-by-side sitting on the same axes, in one PNG: the sustained sweep's
 * throughput and latency against connections, then redis-benchmark's ops/s per command, one bar
 * chart per pipeline depth (unpipelined and pipelined rates differ tenfold, so one axis would
 * flatten the unpipelined bars). Drawn off-screen, like {@link SweepChart}.
 */
final class ComparisonChart {

	static {
		SweepChart.drawOffScreen();
	}

	private ComparisonChart() {
	}

	/** Writes the charts the results have data for; fails if they have none. */
	static void write(Path file, String title, BenchmarkResults results) throws IOException {
		List<Chart<?, ?>> charts = new ArrayList<>();
		if (results.targets().stream().anyMatch((t) -> !results.sweep(t).isEmpty())) {
			charts.add(sweepThroughput(title, results));
			charts.add(sweepLatency(title, results));
		}
		for (int pipeline : results.pipelines()) {
			charts.add(benchmark(title, results, pipeline));
		}
		if (charts.isEmpty()) {
			throw new IOException("no results to chart: no line 'workload|command|target|ops|p50|p99' was found");
		}
		int columns = Math.min(2, charts.size());
		int rows = (charts.size() + columns - 1) / columns;
		Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
		try (OutputStream out = Files.newOutputStream(temporary)) {
			BitmapEncoder.saveBitmap(charts, rows, columns, out, BitmapFormat.PNG);
		}
		Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
	}

	private static XYChart sweepThroughput(String title, BenchmarkResults results) {
		XYChart chart = SweepChart.chart(title + ": sustained test, throughput", "ops/s");
		for (String target : results.targets()) {
			List<Row> sweep = results.sweep(target);
			if (!sweep.isEmpty()) {
				chart.addSeries(target, connections(sweep), values(sweep, Row::opsPerSecond))
					.setMarker(SeriesMarkers.CIRCLE);
			}
		}
		chart.getStyler().setYAxisMin(0.0);
		chart.getStyler().setYAxisDecimalPattern("#,###");
		return chart;
	}

	private static XYChart sweepLatency(String title, BenchmarkResults results) {
		XYChart chart = SweepChart.chart(title + ": sustained test, latency", "ms");
		Color[] colors = chart.getStyler().getSeriesColors();
		boolean allPositive = true;
		for (int t = 0; t < results.targets().size(); t++) {
			String target = results.targets().get(t);
			List<Row> sweep = results.sweep(target);
			if (!sweep.isEmpty()) {
				// one colour per server, as in the other charts; p50 dashed
				Color color = colors[t % colors.length];
				XYSeries p99 = chart.addSeries(target + " p99", connections(sweep), values(sweep, Row::p99Millis));
				p99.setMarker(SeriesMarkers.CIRCLE);
				XYSeries p50 = chart.addSeries(target + " p50", connections(sweep), values(sweep, Row::p50Millis));
				p50.setMarker(SeriesMarkers.DIAMOND);
				p50.setLineStyle(SeriesLines.DASH_DASH);
				for (XYSeries series : List.of(p99, p50)) {
					series.setLineColor(color);
					series.setMarkerColor(color);
				}
				allPositive &= sweep.stream().allMatch((r) -> r.p50Millis() > 0 && r.p99Millis() > 0);
			}
		}
		// Latencies span orders of magnitude between the light and the saturated points.
		chart.getStyler().setYAxisLogarithmic(allPositive);
		return chart;
	}

	private static CategoryChart benchmark(String title, BenchmarkResults results, int pipeline) {
		String depth = (pipeline == 1) ? "unpipelined" : "pipelined -P " + pipeline;
		CategoryChart chart = new CategoryChartBuilder().width(SweepChart.WIDTH)
			.height(SweepChart.HEIGHT)
			.title(title + ": redis-benchmark, " + depth)
			.xAxisTitle("clients, command")
			.yAxisTitle("ops/s")
			.build();
		chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
		chart.getStyler().setYAxisDecimalPattern("#,###");
		chart.getStyler().setYAxisMin(0.0);
		chart.getStyler().setXAxisLabelRotation(30);
		for (String target : results.targets()) {
			List<Row> rows = results.benchmark(target, pipeline);
			if (!rows.isEmpty()) {
				chart.addSeries(target, rows.stream().map(ComparisonChart::category).toList(),
						rows.stream().map(Row::opsPerSecond).toList());
			}
		}
		return chart;
	}

	/** "c50 P16" and "GET" become "c50 GET": the depth is the chart's title. */
	private static String category(Row row) {
		return row.workload().replaceAll("\\s*\\bP\\d+\\b", "").strip() + " " + row.command();
	}

	private static double[] connections(List<Row> rows) {
		return rows.stream().mapToDouble(Row::sweepConnections).toArray();
	}

	private static double[] values(List<Row> rows, ToDoubleFunction<Row> value) {
		return rows.stream().mapToDouble(value).toArray();
	}

}
