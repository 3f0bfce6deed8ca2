package io.kvserver.command.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import io.kvserver.command.Args;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.CommandTable;
import io.kvserver.command.HelpReply;
import io.kvserver.command.Session;
import io.kvserver.command.SlowLog;
import io.kvserver.command.CommandException;
import io.kvserver.config.BoolDirective;
import io.kvserver.config.ConfigRegistry;
import io.kvserver.config.Directive;
import io.kvserver.config.NumericDirective;
import io.kvserver.metrics.LatencyMonitor;
import io.kvserver.metrics.PercentilesDirective;
import io.kvserver.metrics.LatencyTracking;
import io.kvserver.metrics.LatencyMonitor.Sample;
import io.kvserver.metrics.LatencyMonitor.Series;
import io.kvserver.protocol.ReplyWriter;

/** LATENCY DOCTOR, GRAPH, HISTORY, LATEST, RESET, HISTOGRAM and HELP (latency.c). */
public final class LatencyCommands implements CommandFamily {

	private static final List<String> HELP = List.of(
			"LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
			"DOCTOR",
			"    Return a human readable latency analysis report.",
			"GRAPH <event>",
			"    Return an ASCII latency graph for the <event> class.",
			"HISTORY <event>",
			"    Return time-latency samples for the <event> class.",
			"LATEST",
			"    Return the latest latency samples for all events.",
			"RESET [<event> ...]",
			"    Reset latency data of one or more <event> classes.",
			"    (default: reset all data for all event classes)",
			"HISTOGRAM [COMMAND ...]",
			"    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
			"    If no commands are specified then all histograms are replied.",
			"HELP",
			"    Prints this help.");

	private static final int GRAPH_COLUMNS = 80;

	private final LatencyMonitor monitor;

	private final SlowLog slowLog;

	private final LongSupplier clock;

	private CommandTable table;

	private final ConfigRegistry config;

	public LatencyCommands(LatencyMonitor monitor, SlowLog slowLog, LongSupplier clock, ConfigRegistry config) {
		this.monitor = monitor;
		this.slowLog = slowLog;
		this.clock = clock;
		this.config = config;
	}

	/** The histograms' settings belong to the table, which exists from here on: their directives are applied now. */
	@Override
	public void describe(CommandTable table) {
		this.table = table;
		LatencyTracking tracking = table.latencyTracking();
		NumericDirective threshold = this.config.numeric("latency-monitor-threshold");
		BoolDirective enabled = this.config.directive("latency-tracking", BoolDirective.class);
		PercentilesDirective percentiles = this.config.directive("latency-tracking-info-percentiles",
				PercentilesDirective.class);
		Runnable apply = () -> {
			this.monitor.setThresholdMillis(threshold.value());
			tracking.setEnabled(enabled.value());
			tracking.setPercentiles(percentiles.value());
		};
		apply.run();
		for (Directive directive : List.of(threshold, enabled, percentiles)) {
			directive.onApply(() -> {
				apply.run();
				return null;
			});
		}
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(CommandSpec.container("latency", List.of(
				CommandSpec.of("latency|doctor", (s, a, o) -> o.verbatim("txt", new LatencyDoctor(this.monitor,
						this.slowLog, this.clock).report())),
				CommandSpec.of("latency|graph", this::graph),
				CommandSpec.of("latency|history", this::history),
				CommandSpec.of("latency|latest", this::latest),
				CommandSpec.of("latency|reset", this::reset),
				CommandSpec.of("latency|histogram", this::histogram),
				CommandSpec.of("latency|help", (s, a, o) -> HelpReply.write(HELP, o)))));
	}

	@Override
	public String familyName() {
		return "server";
	}

	private void history(Session session, byte[][] argv, ReplyWriter out) {
		Series series = this.monitor.get(Args.text(argv[2]));
		List<Sample> samples = series == null ? List.of() : series.samples();
		out.arrayHeader(samples.size());
		for (Sample sample : samples) {
			out.arrayHeader(2);
			out.integer(sample.unixSeconds());
			out.integer(sample.millis());
		}
	}

	private void latest(Session session, byte[][] argv, ReplyWriter out) {
		List<Series> all = this.monitor.all();
		out.arrayHeader(all.size());
		for (Series series : all) {
			out.arrayHeader(4);
			out.bulkText(series.event());
			out.integer(series.latest().unixSeconds());
			out.integer(series.latest().millis());
			out.integer(series.max());
		}
	}

	private void reset(Session session, byte[][] argv, ReplyWriter out) {
		if (argv.length == 2) {
			out.integer(this.monitor.reset(null));
			return;
		}
		int resets = 0;
		for (int i = 2; i < argv.length; i++) {
			resets += this.monitor.reset(Args.text(argv[i]));
		}
		out.integer(resets);
	}

	/** LATENCY GRAPH event: the samples as a sparkline, labelled by how long ago they happened. */
	private void graph(Session session, byte[][] argv, ReplyWriter out) {
		String event = Args.text(argv[2]);
		Series series = this.monitor.get(event);
		if (series == null) {
			throw new CommandException("ERR No samples available for event '" + event + "'");
		}
		Sparkline line = new Sparkline();
		long min = 0;
		long max = 0;
		long now = this.clock.getAsLong() / 1000;
		boolean first = true;
		for (Sample sample : series.samples()) {
			if (first) {
				min = sample.millis();
				max = sample.millis();
				first = false;
			}
			else {
				max = Math.max(max, sample.millis());
				min = Math.min(min, sample.millis());
			}
			line.add(sample.millis(), ago(now - sample.unixSeconds()));
		}
		String graph = series.event() + " - high " + max + " ms, low " + min + " ms (all time high " + series.max()
				+ " ms)\n" + "-".repeat(GRAPH_COLUMNS) + "\n" + line.render(GRAPH_COLUMNS, 4);
		out.verbatim("txt", graph);
	}

	private static String ago(long seconds) {
		if (seconds < 60) {
			return seconds + "s";
		}
		if (seconds < 3600) {
			return seconds / 60 + "m";
		}
		if (seconds < 3600 * 24) {
			return seconds / 3600 + "h";
		}
		return seconds / (3600 * 24) + "d";
	}

	/**
	 * LATENCY HISTOGRAM [command ...]: per command with a histogram, its calls and the cumulative
	 * count at each power-of-two microsecond bucket (from 1,024 ns, as Redis iterates its hdr
	 * histogram); a container named also brings its subcommands.
	 */
	private void histogram(Session session, byte[][] argv, ReplyWriter out) {
		List<CommandSpec> chosen = new ArrayList<>();
		if (argv.length == 2) {
			for (CommandSpec spec : this.table.all()) {
				addWithSubcommands(spec, chosen);
			}
		}
		else {
			for (int i = 2; i < argv.length; i++) {
				CommandSpec spec = this.table.lookupFullName(argv[i]);
				if (spec != null) {
					addWithSubcommands(spec, chosen);
				}
			}
		}
		out.mapHeader(chosen.size());
		for (CommandSpec spec : chosen) {
			Histogram histogram = spec.stats().latencyHistogram();
			out.bulk(spec.name().getBytes(StandardCharsets.ISO_8859_1));
			out.mapHeader(2);
			out.bulkText("calls");
			out.integer(histogram.getTotalCount());
			out.bulkText("histogram_usec");
			List<long[]> buckets = new ArrayList<>();
			long previous = 0;
			for (HistogramIterationValue value : histogram.logarithmicBucketValues(1024, 2)) {
				long cumulative = value.getTotalCountToThisValue();
				if (cumulative > previous) {
					buckets.add(new long[] { value.getValueIteratedTo() / 1000, cumulative });
				}
				previous = cumulative;
			}
			out.mapHeader(buckets.size());
			for (long[] bucket : buckets) {
				out.integer(bucket[0]);
				out.integer(bucket[1]);
			}
		}
	}

	private static void addWithSubcommands(CommandSpec spec, List<CommandSpec> into) {
		if (spec.stats().latencyHistogram() != null) {
			into.add(spec);
		}
		for (CommandSpec sub : spec.subcommands().values()) {
			if (sub.stats().latencyHistogram() != null) {
				into.add(sub);
			}
		}
	}

}
