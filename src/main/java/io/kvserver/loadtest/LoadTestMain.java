package io.kvserver.loadtest;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.sun.management.UnixOperatingSystemMXBean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The load-test runner's entry point: a plain {@code main}, no Spring, so it can load kvserver or
 * any other Redis-compatible server from outside. {@code bench/loadtest} runs it from the built
 * jar. With no options it is the original sweep: 500, 800, 1,000 and 1,200 connections against
 * localhost:6379, one minute each, 80% {@code GET count} / 20% {@code SET count <n>}, 0-100 ms
 * think time.
 */
@Command(name = "loadtest", sortOptions = false, usageHelpWidth = 110, subcommands = ChartCommand.class,
		description = { "Loads a Redis-compatible server over many concurrent RESP connections and reports "
				+ "ops/s, errors and latency percentiles per connection count; writes CSV, JSON and a PNG chart." })
public final class LoadTestMain implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Option(names = "--host", defaultValue = "127.0.0.1", description = "Server host (default: ${DEFAULT-VALUE}).")
	private String host;

	@Option(names = { "-p", "--port" }, defaultValue = "6379", description = "Server port (default: ${DEFAULT-VALUE}).")
	private int port;

	@Option(names = { "-s", "--scenario" }, defaultValue = "sustained",
			description = "sustained (think time between operations, the original test), throughput (closed loop, "
					+ "no think time) or pipelined (closed loop, --pipeline operations per write). Default: ${DEFAULT-VALUE}.")
	private Scenario scenario;

	@Option(names = { "-c", "--connections" }, split = ",", defaultValue = "500,800,1000,1200",
			description = "Concurrent connections; a comma list runs a sweep, one run per value (default: ${DEFAULT-VALUE}).")
	private List<Integer> connections;

	@Option(names = { "-d", "--duration" }, defaultValue = "60s", converter = DurationConverter.class,
			description = "Measured time of each run, e.g. 60s, 2m, 500ms (default: ${DEFAULT-VALUE}).")
	private Duration duration;

	@Option(names = "--warm-up", defaultValue = "5s", converter = DurationConverter.class,
			description = "Load before measuring starts, after the ramp-up; not counted (default: ${DEFAULT-VALUE}).")
	private Duration warmUp;

	@Option(names = "--ramp-up", defaultValue = "5s", converter = DurationConverter.class,
			description = "Connections open spread evenly over this time, not all at once (default: ${DEFAULT-VALUE}).")
	private Duration rampUp;

	@Option(names = "--get-ratio", defaultValue = "0.8",
			description = "Share of GETs; the rest are SETs (default: ${DEFAULT-VALUE}).")
	private double getRatio;

	@Option(names = "--keys", defaultValue = "1",
			description = "1: the single key 'count', as the original; n: keys count:0..count:n-1 (default: ${DEFAULT-VALUE}).")
	private int keys;

	@Option(names = "--value-size", defaultValue = "0",
			description = "0: SET writes a random number, as the original; n: an n-byte value (default: ${DEFAULT-VALUE}).")
	private int valueSize;

	@Option(names = "--think-ms", defaultValue = "0-100",
			description = "Think time range in ms before each operation, sustained scenario only (default: ${DEFAULT-VALUE}).")
	private String thinkMs;

	@Option(names = { "-P", "--pipeline" }, defaultValue = "16",
			description = "Operations per write in the pipelined scenario (default: ${DEFAULT-VALUE}).")
	private int pipeline;

	@Option(names = { "-o", "--out" }, defaultValue = "bench/results",
			description = "Directory for <label>-<scenario>.csv/.json/.png (default: ${DEFAULT-VALUE}).")
	private Path out;

	@Option(names = "--label", defaultValue = "loadtest",
			description = "Names the output files and chart, e.g. kvserver or redis (default: ${DEFAULT-VALUE}).")
	private String label;

	@Option(names = "--connect-timeout", defaultValue = "5s", converter = DurationConverter.class,
			description = "A connect not done by then is an error (default: ${DEFAULT-VALUE}).")
	private Duration connectTimeout;

	@Option(names = "--read-timeout", defaultValue = "5s", converter = DurationConverter.class,
			description = "A reply not in by then is an error; the connection is replaced (default: ${DEFAULT-VALUE}).")
	private Duration readTimeout;

	@Option(names = "--reconnect-delay", defaultValue = "100ms", converter = DurationConverter.class,
			description = "Pause after a failed connect before the next try (default: ${DEFAULT-VALUE}).")
	private Duration reconnectDelay;

	@Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
	private boolean help;

	@Option(names = "--progress", defaultValue = "5s", converter = DurationConverter.class,
			description = "Interval of the progress line on stderr (default: ${DEFAULT-VALUE}).")
	private Duration progress;

	private final PrintStream stdout;

	private final PrintStream stderr;

	public LoadTestMain() {
		this(System.out, System.err);
	}

	LoadTestMain(PrintStream stdout, PrintStream stderr) {
		this.stdout = stdout;
		this.stderr = stderr;
	}

	public static void main(String[] args) {
		System.exit(commandLine(new LoadTestMain()).execute(args));
	}

	/** Help and usage errors go to the same streams as the results and the progress lines. */
	static CommandLine commandLine(LoadTestMain main) {
		return new CommandLine(main).setCaseInsensitiveEnumValuesAllowed(true)
			.setOut(new PrintWriter(main.stdout, true))
			.setErr(new PrintWriter(main.stderr, true));
	}

	@Override
	public Integer call() throws IOException, InterruptedException {
		LoadSettings settings = settings();
		warnIfTooFewFileDescriptors();
		Files.createDirectories(this.out);
		String name = this.label + "-" + settings.scenario().label();
		Path csv = this.out.resolve(name + ".csv");
		Path json = this.out.resolve(name + ".json");
		Path png = this.out.resolve(name + ".png");
		this.stdout.printf(Locale.ROOT, "%s: %s load on %s:%d, connections %s; each run: %d s ramp-up, %d s warm-up, "
				+ "%d s measured%n", this.label, settings.scenario().label(), this.host, this.port,
				this.connections.stream().map(String::valueOf).collect(Collectors.joining(",")),
				this.rampUp.toSeconds(), this.warmUp.toSeconds(), this.duration.toSeconds());
		Instant started = Instant.now();
		List<RunResult> results = new ArrayList<>();
		for (int connectionCount : this.connections) {
			RunResult result = new LoadRun(settings, connectionCount, this.stderr).run();
			results.add(result);
			this.stdout.println();
			this.stdout.print(result.block());
			SweepReport.writeCsv(csv, results);
			SweepReport.writeJson(json, settings, started, results);
			SweepChart.write(png, this.label + " " + settings.scenario().label(), results);
		}
		this.stdout.println();
		this.stdout.println("wrote " + csv + ", " + json + ", " + png);
		return 0;
	}

	private LoadSettings settings() {
		Matcher think = Pattern.compile("(\\d+)(?:-(\\d+))?").matcher(this.thinkMs.trim());
		if (!think.matches()) {
			throw new ParameterException(this.spec.commandLine(),
					"--think-ms must be MIN-MAX or one value in milliseconds, e.g. 0-100, was '" + this.thinkMs + "'");
		}
		Duration thinkMin = Duration.ofMillis(Long.parseLong(think.group(1)));
		Duration thinkMax = (think.group(2) != null) ? Duration.ofMillis(Long.parseLong(think.group(2))) : thinkMin;
		if (this.connections.stream().anyMatch((n) -> n == null || n < 1)) {
			throw new ParameterException(this.spec.commandLine(), "--connections must all be at least 1");
		}
		try {
			return new LoadSettings(this.host, this.port, this.scenario, this.duration, this.warmUp, this.rampUp,
					this.getRatio, this.keys, this.valueSize, thinkMin, thinkMax, this.pipeline, this.connectTimeout,
					this.readTimeout, this.reconnectDelay, this.progress);
		}
		catch (IllegalArgumentException ex) {
			throw new ParameterException(this.spec.commandLine(), ex.getMessage());
		}
	}

	/** Each connection is a file descriptor; past the limit connects fail, which would look like server errors. */
	private void warnIfTooFewFileDescriptors() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
			long needed = this.connections.stream().mapToLong(Integer::longValue).max().orElse(0) + 64;
			if (os.getMaxFileDescriptorCount() < needed) {
				this.stderr.printf("warning: this process may open only %d files but the sweep needs about %d; "
						+ "raise the limit (ulimit -n) or connects will fail%n", os.getMaxFileDescriptorCount(), needed);
			}
		}
	}

	/** "60s", "2m", "500ms", or a bare number of seconds. */
	static final class DurationConverter implements ITypeConverter<Duration> {

		private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m)?");

		@Override
		public Duration convert(String value) {
			Matcher m = FORMAT.matcher(value.trim().toLowerCase(Locale.ROOT));
			if (!m.matches()) {
				throw new CommandLine.TypeConversionException(
						"'" + value + "' is not a duration: use e.g. 60s, 2m, 500ms or a number of seconds");
			}
			long amount = Long.parseLong(m.group(1));
			String unit = (m.group(2) != null) ? m.group(2) : "s";
			return switch (unit) {
				case "ms" -> Duration.ofMillis(amount);
				case "m" -> Duration.ofMinutes(amount);
				default -> Duration.ofSeconds(amount);
			};
		}

	}

}
